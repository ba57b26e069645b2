// The app's feature namespaces: a test reaches a feature's services, endpoints and components by its folder.
global using IssueTracker.Web.Accounts;
global using IssueTracker.Web.Accounts.Gates;
global using IssueTracker.Web.Alerts;
global using IssueTracker.Web.Api;
global using IssueTracker.Web.Contracts;
global using IssueTracker.Web.Data;
global using IssueTracker.Web.Data.Providers;
global using IssueTracker.Web.Domain;
global using IssueTracker.Web.Insights;
global using IssueTracker.Web.Issues;
global using IssueTracker.Web.Live;
global using IssueTracker.Web.Notifications;
global using IssueTracker.Web.Services;
global using IssueTracker.Web.Spaces;
global using IssueTracker.Web.Triage;
global using IssueTracker.Web.Webhooks;
global using IssueTracker.Web.Workers;
