//! Rule families that decide what is removed, one file each, so that every
//! decision can be traced to a named rule with its reason and fixtures.

pub(crate) mod inline;
pub(crate) mod prose;
