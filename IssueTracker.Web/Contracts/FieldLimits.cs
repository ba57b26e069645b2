namespace IssueTracker.Web.Contracts;

/// <summary>
/// The longest each text field may be, in Unicode characters (<c>Services/TextRules</c> holds them). The request
/// contracts carry them as <c>[MaxLength]</c>, which is how the OpenAPI document states each <c>maxLength</c>.
/// </summary>
public static class FieldLimits
{
    public const int Title = 200;
    public const int IssueDescription = 100_000;
    public const int Comment = 65_536;
    public const int Check = 200;
    public const int AlertMessage = 10_000;
    public const int Name = 100;
    public const int ProductDescription = 2_000;
    public const int SpaceDescription = 2_000;
}
