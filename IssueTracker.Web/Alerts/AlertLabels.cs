using MudBlazor;

namespace IssueTracker.Web.Alerts;

public static class AlertLabels
{
    public static readonly AlertKind[] Kinds = Enum.GetValues<AlertKind>();

    public static string Of(AlertKind kind) => kind switch
    {
        AlertKind.NullRate => "Null rate",
        _ => kind.ToString(),
    };

    public static string Of(AlertStatus status) => status == AlertStatus.Firing ? "Firing" : "Resolved";

    public static Color ColorOf(AlertStatus status) => status == AlertStatus.Firing ? Color.Error : Color.Success;
}
