//! Use cases in the product's words, one module per area; no HTTP types inside.

pub mod catalog;
pub mod demo;
pub mod staff;
pub mod university;
