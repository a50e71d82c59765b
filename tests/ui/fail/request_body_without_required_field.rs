use pingone::models::{InitializeDeviceAuthentication, UserRef};

fn main() {
    // `user` is required: `new` asks for it...
    let _ = InitializeDeviceAuthentication::new();
    // ...and a struct literal cannot go around `new`.
    let _ = InitializeDeviceAuthentication { user: UserRef::new("u"), policy: None };
}
