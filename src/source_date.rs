//! The reproducible-builds convention for dates in outputs.

use crate::error::{Error, Result};

/// The reproducible-builds convention: a fixed timestamp for the document
/// dates; without it the PDF carries no dates at all.
pub fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => v.trim().parse::<i64>().map(Some).map_err(|_| {
            Error::with_help(
                format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"),
                "unset it or give seconds since 1970, e.g. SOURCE_DATE_EPOCH=1700000000",
            )
        }),
    }
}
