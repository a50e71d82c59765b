apigen_macros::generate!("spec/unknown-model.yaml");

fn main() {}
