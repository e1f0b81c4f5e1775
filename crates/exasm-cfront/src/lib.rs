//! tmp
fn _x(){}
