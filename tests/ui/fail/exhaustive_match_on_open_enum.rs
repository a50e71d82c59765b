use pingone::models::FlowStatus;

fn describe(status: &FlowStatus) -> &'static str {
    // Listing every variant known today is not enough: the enum is open, and a later spec
    // may add variants.
    match status {
        FlowStatus::UsernamePasswordRequired => "credentials",
        FlowStatus::SignOnRequired => "sign on",
        FlowStatus::PasswordRequired => "password",
        FlowStatus::PasswordExpired => "expired",
        FlowStatus::MustChangePassword => "change",
        FlowStatus::RecoveryCodeRequired => "recovery",
        FlowStatus::VerificationCodeRequired => "verification",
        FlowStatus::DeviceSelectionRequired => "device",
        FlowStatus::OtpRequired => "otp",
        FlowStatus::PushConfirmationRequired => "push",
        FlowStatus::PushConfirmationTimedOut => "push timed out",
        FlowStatus::AccountLinkingRequired => "linking",
        FlowStatus::AccountConfirmationRequired => "confirmation",
        FlowStatus::ExternalAuthenticationRequired => "external",
        FlowStatus::ProfileDataRequired => "profile",
        FlowStatus::AssertionRequired => "assertion",
        FlowStatus::AgreementConsentRequired => "agreement",
        FlowStatus::DagUserCodeRequired => "user code",
        FlowStatus::DagConsentRequired => "consent",
        FlowStatus::Completed => "done",
        FlowStatus::Failed => "failed",
        FlowStatus::Unknown(_) => "unknown",
    }
}

fn main() {
    let _ = describe(&FlowStatus::Completed);
}
