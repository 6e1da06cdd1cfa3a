//! `upr-brief import`: earlier recommendations from the UN's records into
//! the campaign's inputs. `uhri` reads an export of the Universal Human
//! Rights Index into records, `countries` turns the UN's names of states
//! into codes, `store` works out the files to write (and never writes:
//! `cli::import` does, atomically).

pub mod countries;
pub mod store;
pub mod uhri;
