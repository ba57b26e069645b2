// The app's feature namespaces, as the tests use them.
global using IssueTracker.Web.Accounts;
global using IssueTracker.Web.Connectors;
global using IssueTracker.Web.Contracts;
global using IssueTracker.Web.Data;
global using IssueTracker.Web.Data.Providers;
global using IssueTracker.Web.Domain;
global using IssueTracker.Web.Issues;
global using IssueTracker.Web.Services;
global using IssueTracker.Web.Setup;
