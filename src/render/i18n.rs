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
    /// Month names for a month on its own, where the language inflects a
    /// month in a date (Russian: `20 марта`, but `март 2024 года`); else
    /// `months`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months_standalone: Vec<String>,
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

    /// A month as UN documents write it: `September 2024`, `septembre
    /// 2024`, `septiembre de 2024`, `сентябрь 2024 года` (the date format
    /// from its month on).
    pub fn month(&self, d: NaiveDate) -> String {
        let format = self
            .date_format
            .find("{month}")
            .map_or(self.date_format.as_str(), |i| &self.date_format[i..]);
        let names = if self.months_standalone.is_empty() {
            &self.months
        } else {
            &self.months_standalone
        };
        let month = names
            .get(d.month0() as usize)
            .cloned()
            .unwrap_or_else(|| d.month().to_string());
        format
            .replace("{day}", &d.day().to_string())
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
        assert_eq!(en.month(d), "March 2024");
        assert_eq!(fr.month(d), "mars 2024");
        assert_eq!(es.month(d), "marzo de 2024");
    }

    #[test]
    fn every_month_in_every_language_file() {
        // The 15th of each month of 2024, written out by hand as UN documents
        // write dates in each language.
        let expected = [
            (
                "en",
                include_str!("../../templates/i18n/en.yaml"),
                [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ],
                "15 {} 2024",
            ),
            (
                "fr",
                include_str!("../../templates/i18n/fr.yaml"),
                [
                    "janvier",
                    "février",
                    "mars",
                    "avril",
                    "mai",
                    "juin",
                    "juillet",
                    "août",
                    "septembre",
                    "octobre",
                    "novembre",
                    "décembre",
                ],
                "15 {} 2024",
            ),
            (
                "es",
                include_str!("../../templates/i18n/es.yaml"),
                [
                    "enero",
                    "febrero",
                    "marzo",
                    "abril",
                    "mayo",
                    "junio",
                    "julio",
                    "agosto",
                    "septiembre",
                    "octubre",
                    "noviembre",
                    "diciembre",
                ],
                "15 de {} de 2024",
            ),
            (
                "ru",
                include_str!("../../templates/i18n/ru.yaml"),
                [
                    "января",
                    "февраля",
                    "марта",
                    "апреля",
                    "мая",
                    "июня",
                    "июля",
                    "августа",
                    "сентября",
                    "октября",
                    "ноября",
                    "декабря",
                ],
                "15 {} 2024 года",
            ),
        ];
        for (code, file, months, pattern) in expected {
            let l = lang(file);
            for (i, month) in months.iter().enumerate() {
                let d = NaiveDate::from_ymd_opt(2024, i as u32 + 1, 15).unwrap();
                assert_eq!(l.date(d), pattern.replace("{}", month), "{code}");
            }
        }
        // The first of the month, in each language's style.
        let first = NaiveDate::from_ymd_opt(2024, 8, 1).unwrap();
        let es = lang(include_str!("../../templates/i18n/es.yaml"));
        assert_eq!(es.date(first), "1 de agosto de 2024");
        // A month on its own: Russian puts it in the nominative.
        let ru = lang(include_str!("../../templates/i18n/ru.yaml"));
        let march = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
        assert_eq!(ru.date(march), "20 марта 2024 года");
        assert_eq!(ru.month(march), "март 2024 года");
        assert_eq!(es.month(march), "marzo de 2024");
    }

    #[test]
    fn a_missing_label_is_its_key_and_a_missing_month_its_number() {
        let l = lang(
            "date_format: \"{day}/{month}/{year}\"\nfirst_day: \"1\"\nmonths: [a]\nlabels: { page: Page }\n",
        );
        assert_eq!(l.label("page"), "Page");
        assert_eq!(l.label("nope"), "nope");
        assert_eq!(
            l.date(NaiveDate::from_ymd_opt(2024, 2, 3).unwrap()),
            "3/2/2024"
        );
    }
}
