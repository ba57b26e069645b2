using ArchUnitNET.Domain;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;

namespace IssueTracker.Tests.Design;

/// <summary>
/// The layout the README's "Layout" section describes, read from the compiled app (components included): features
/// depend on the layers below them and on each other in one direction only.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Architecture App = new ArchLoader().LoadAssemblies(typeof(IssueTracker.Web.IssueTrackerOptions).Assembly).Build();

    [Fact]
    public void NoNamespaceDependsOnItselfThroughAnother() =>
        SliceRuleDefinition.Slices().Matching("IssueTracker.Web.(**)").Should().BeFreeOfCycles().Check(App);
}
