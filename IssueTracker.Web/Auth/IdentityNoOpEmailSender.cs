using IssueTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace IssueTracker.Web.Auth;

/// <summary>
/// No mail is sent (no mail server is configured). A confirmation link goes to the server log for an operator to pass
/// on; it is never shown on a page, where anyone could confirm an address that is not theirs.
/// </summary>
public sealed class IdentityNoOpEmailSender(ILogger<IdentityNoOpEmailSender> logger) : IEmailSender<ApplicationUser>
{
    private readonly IEmailSender emailSender = new NoOpEmailSender();

    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        logger.LogWarning("No email sender is configured; the confirmation link for {Email} is {Link}", email, confirmationLink);
        return emailSender.SendEmailAsync(email, "Confirm your email", $"Please confirm your account by <a href='{confirmationLink}'>clicking here</a>.");
    }

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        emailSender.SendEmailAsync(email, "Reset your password", $"Please reset your password by <a href='{resetLink}'>clicking here</a>.");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        emailSender.SendEmailAsync(email, "Reset your password", $"Please reset your password using the following code: {resetCode}");
}
