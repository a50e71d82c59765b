use pingone::BearerToken;

fn main() {
    let token = BearerToken::new("secret");
    println!("{token}");
}
