use apigen_vocabulary::Client;
use apigen_vocabulary::models::ClientCredentialsGrant;

async fn token(base_url: &str) {
    let anonymous = Client::from_base_url(base_url).unwrap();
    // Needs `oauthClient` or `app`: a bearer token is not client credentials.
    let with_token = anonymous.with_bearer_token("t").unwrap();
    let _ = with_token.tokens().client_credentials(&ClientCredentialsGrant::new()).await;
}

fn main() {}
