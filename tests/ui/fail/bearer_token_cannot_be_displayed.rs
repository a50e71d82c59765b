use pingone::BearerToken;

fn main() {
    let token = BearerToken::new("secret").unwrap();
    println!("{token}");
}
