apigen_macros::generate!("spec/broken-syntax.yaml");

fn main() {}
