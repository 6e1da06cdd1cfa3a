//! Per-language labels and date formats, from `templates/i18n/<lang>.yaml`
//! (compiled in; a templates folder may override a file).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One language file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// E.g. `{day} {month} {year}` or `{day} de {month} de {year}`.
    pub date_format: String,
    /// How the first day of a month is written (`1er` in French).
    pub first_day: String,
    pub months: Vec<String>,
    pub labels: BTreeMap<String, String>,
}

impl Language {
    /// A date as UN documents write it: `20 March 2024`, `20 mars 2024`,
    /// `20 de marzo de 2024`.
    pub fn date(&self, d: NaiveDate) -> String {
        let day = if d.day() == 1 {
            self.first_day.clone()
        } else {
            d.day().to_string()
        };
        let month = self
            .months
            .get(d.month0() as usize)
            .cloned()
            .unwrap_or_else(|| d.month().to_string());
        self.date_format
            .replace("{day}", &day)
            .replace("{month}", &month)
            .replace("{year}", &d.year().to_string())
    }

    /// A label, or its key when the file lacks it (check reports that case).
    pub fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Language {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn dates_as_un_documents_write_them() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
        let first = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let en = lang(include_str!("../../templates/i18n/en.yaml"));
        let fr = lang(include_str!("../../templates/i18n/fr.yaml"));
        let es = lang(include_str!("../../templates/i18n/es.yaml"));
        assert_eq!(en.date(d), "20 March 2024");
        assert_eq!(fr.date(d), "20 mars 2024");
        assert_eq!(es.date(d), "20 de marzo de 2024");
        assert_eq!(fr.date(first), "1er mars 2024");
        assert_eq!(en.date(first), "1 March 2024");
    }
}
