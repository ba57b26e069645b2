using Microsoft.AspNetCore.Identity;

namespace IssueTracker.Web.Accounts;

public static class IdentitySetup
{
    /// <summary>ASP.NET Core Identity with the contract's password and lockout rules.</summary>
    public static IServiceCollection AddIssueTrackerIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // People an admin adds are confirmed; someone who registered (when registration is on) confirms their email first.
                options.SignIn.RequireConfirmedAccount = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                // Length over composition (NIST SP 800-63B): at least 12 characters, no character-class rules.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                // The user name is the email, validated as an address; Identity's default character list refuses valid ones (O'Brien).
                options.User.AllowedUserNameCharacters = "";
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        services.AddScoped<EmailLinks>();
        // A changed security stamp (deactivation, a new password) ends cookie sessions within a minute, not half an hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }
}
