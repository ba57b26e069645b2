using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace IssueTracker.Web.Accounts;

/// <summary>
/// No mail is sent (no mail server is configured). In Development a confirmation link goes to the console log, to try
/// registration out; anywhere else it is never written down (logs are read by more people, and kept longer, than an
/// address's owner would agree to: the link confirms the address for whoever holds it), nor shown on a page.
/// </summary>
public sealed class IdentityNoOpEmailSender(ILogger<IdentityNoOpEmailSender> logger, IHostEnvironment environment) : IEmailSender<ApplicationUser>
{
    private readonly IEmailSender emailSender = new NoOpEmailSender();

    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        if (environment.IsDevelopment())
            logger.LogInformation("Development: no email sender is configured; the confirmation link for {Email} is {Link}", email, confirmationLink);
        else
            logger.LogWarning("No email sender is configured, so a confirmation link could not be sent; an administrator can add the person instead.");
        return emailSender.SendEmailAsync(email, "Confirm your email", $"Please confirm your account by <a href='{confirmationLink}'>clicking here</a>.");
    }

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        emailSender.SendEmailAsync(email, "Reset your password", $"Please reset your password by <a href='{resetLink}'>clicking here</a>.");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        emailSender.SendEmailAsync(email, "Reset your password", $"Please reset your password using the following code: {resetCode}");
}
