//! Per-language labels and date formats, from `templates/i18n/<lang>.yaml`
//! (compiled in; a templates folder may override a file).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One language file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// A date: `{day}`, `{month}` and `{year}` in the language's order,
    /// e.g. `{day} {month} {year}`, `{day} de {month} de {year}` or
    /// `{year}年{month}月{day}日`.
    pub date_format: String,
    /// A month on its own, with its year: e.g. `{month} {year}` or
    /// `{year}年{month}月`. Left out, the date format from `{month}` on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month_format: Option<String>,
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
    /// 2024`, `septiembre de 2024`, `сентябрь 2024 года`, `2024年9月`, by
    /// `month_format` (else the date format from its month on).
    pub fn month(&self, d: NaiveDate) -> String {
        let format = match &self.month_format {
            Some(f) => f.as_str(),
            None => self
                .date_format
                .find("{month}")
                .map_or(self.date_format.as_str(), |i| &self.date_format[i..]),
        };
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

    /// What changed in a pack since its handover, in this language: each
    /// change's label (`change_*`, a pattern with `{item}`) filled, one
    /// after another with the language's list comma: `R03 reworded, R11
    /// added`, `R03 reformulée, R11 ajoutée`, `R03措辞修改、新增R11`.
    pub fn changes(&self, changes: &[crate::assemble::handover::Change]) -> String {
        let words: Vec<String> = changes
            .iter()
            .map(|c| {
                let (key, item) = c.label();
                self.label(key).replace("{item}", &item)
            })
            .collect();
        words.join(&self.label("list_comma"))
    }
}

/// The plural categories of CLDR a label may have forms for, as suffixes:
/// `target_noted_one`, `target_noted_few`, ...
pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The CLDR plural category of the whole number `n` in `lang`: Russian
/// has one, few and many, Arabic zero, one, two, few, many and other,
/// Chinese other only; French counts 0 as one; a language not listed
/// here is English's (one for 1, else other).
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    let (n10, n100) = (n % 10, n % 100);
    match lang {
        "zh" | "ja" | "ko" | "vi" | "th" => "other",
        "fr" if n <= 1 => "one",
        "ru" | "uk" | "be" => {
            if n10 == 1 && n100 != 11 {
                "one"
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                "few"
            } else {
                "many"
            }
        }
        "ar" => match n {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ if (3..=10).contains(&n100) => "few",
            _ if (11..=99).contains(&n100) => "many",
            _ => "other",
        },
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// Whether `key` is a plural form (`<base>_<category>`) of a label whose
/// `<base>_other` form `en` has: a language may add the forms its
/// grammar needs.
pub fn is_plural_form(en: &Language, key: &str) -> bool {
    PLURAL_CATEGORIES.iter().any(|c| {
        key.strip_suffix(c)
            .and_then(|b| b.strip_suffix('_'))
            .is_some_and(|base| en.labels.contains_key(&format!("{base}_other")))
    })
}

impl Language {
    /// The form of label `key` for the count `n` in `lang` (`{n}` in it
    /// replaced), from `<key>_<category>`, else `<key>_other`.
    pub fn plural(&self, lang: &str, key: &str, n: u64) -> String {
        let category = plural_category(lang, n);
        let form = self
            .labels
            .get(&format!("{key}_{category}"))
            .or_else(|| self.labels.get(&format!("{key}_other")))
            .cloned()
            .unwrap_or_else(|| format!("{{n}} {key}"));
        form.replace("{n}", &n.to_string())
    }
}

/// The labels of the English file `l` lacks, and those it has that the
/// English file lacks, each in key order.
pub fn label_differences<'a>(en: &'a Language, l: &'a Language) -> (Vec<&'a str>, Vec<&'a str>) {
    let missing = en.labels.keys().filter(|k| !l.labels.contains_key(*k));
    let extra = l
        .labels
        .keys()
        .filter(|k| !en.labels.contains_key(*k) && !is_plural_form(en, k));
    (
        missing.map(String::as_str).collect(),
        extra.map(String::as_str).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in language files: the six official languages of the UN.
    const FILES: [(&str, &str); 6] = super::super::templates::LANGUAGES;

    fn lang(text: &str) -> Language {
        serde_yaml::from_str(text).unwrap()
    }

    fn builtin(code: &str) -> Language {
        let (_, text) = FILES.iter().find(|(c, _)| *c == code).unwrap();
        lang(text)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_as_un_documents_write_them() {
        // (language, 20 March 2024, 1 March 2024, 31 December 2024,
        // 1 January 2025, March 2024 on its own)
        let expected = [
            (
                "en",
                "20 March 2024",
                "1 March 2024",
                "31 December 2024",
                "1 January 2025",
                "March 2024",
            ),
            (
                "fr",
                "20 mars 2024",
                "1er mars 2024",
                "31 décembre 2024",
                "1er janvier 2025",
                "mars 2024",
            ),
            (
                "es",
                "20 de marzo de 2024",
                "1 de marzo de 2024",
                "31 de diciembre de 2024",
                "1 de enero de 2025",
                "marzo de 2024",
            ),
            (
                "ru",
                "20 марта 2024 года",
                "1 марта 2024 года",
                "31 декабря 2024 года",
                "1 января 2025 года",
                "март 2024 года",
            ),
            (
                "zh",
                "2024年3月20日",
                "2024年3月1日",
                "2024年12月31日",
                "2025年1月1日",
                "2024年3月",
            ),
            (
                "ar",
                "20 آذار/مارس 2024",
                "1 آذار/مارس 2024",
                "31 كانون الأول/ديسمبر 2024",
                "1 كانون الثاني/يناير 2025",
                "آذار/مارس 2024",
            ),
        ];
        for (code, date, first, last_of_year, new_year, month) in expected {
            let l = builtin(code);
            assert_eq!(l.date(day(2024, 3, 20)), date, "{code}");
            assert_eq!(l.date(day(2024, 3, 1)), first, "{code}");
            assert_eq!(l.date(day(2024, 12, 31)), last_of_year, "{code}");
            assert_eq!(l.date(day(2025, 1, 1)), new_year, "{code}");
            assert_eq!(l.month(day(2024, 3, 20)), month, "{code}");
            // A month's form does not depend on the day.
            assert_eq!(l.month(day(2024, 3, 1)), month, "{code}");
        }
        assert_eq!(builtin("ru").month(day(2024, 12, 31)), "декабрь 2024 года");
        assert_eq!(builtin("zh").month(day(2025, 1, 1)), "2025年1月");
        assert_eq!(
            builtin("ar").month(day(2025, 1, 1)),
            "كانون الثاني/يناير 2025"
        );
    }

    #[test]
    fn every_month_in_every_language_file() {
        // The 15th of each month of 2024, written out by hand as UN documents
        // write dates in each language.
        let expected: [(&str, [&str; 12], &str); 6] = [
            (
                "en",
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
            (
                "zh",
                [
                    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
                ],
                "2024年{}月15日",
            ),
            (
                "ar",
                [
                    "كانون الثاني/يناير",
                    "شباط/فبراير",
                    "آذار/مارس",
                    "نيسان/أبريل",
                    "أيار/مايو",
                    "حزيران/يونيه",
                    "تموز/يوليه",
                    "آب/أغسطس",
                    "أيلول/سبتمبر",
                    "تشرين الأول/أكتوبر",
                    "تشرين الثاني/نوفمبر",
                    "كانون الأول/ديسمبر",
                ],
                "15 {} 2024",
            ),
        ];
        for (code, months, pattern) in expected {
            let l = builtin(code);
            for (i, month) in months.iter().enumerate() {
                let d = day(2024, i as u32 + 1, 15);
                assert_eq!(l.date(d), pattern.replace("{}", month), "{code}");
            }
        }
        // A month on its own: Russian puts it in the nominative.
        let ru = builtin("ru");
        assert_eq!(ru.month(day(2024, 9, 1)), "сентябрь 2024 года");
        assert_eq!(ru.date(day(2024, 9, 1)), "1 сентября 2024 года");
    }

    /// What `text`'s keys differ from `en`'s, at the top and under `labels`
    /// (`months_standalone` is optional: only a language that inflects a
    /// month in a date has it).
    fn key_differences(en: &str, text: &str) -> Vec<String> {
        fn keys(map: &serde_yaml::Mapping, prefix: &str) -> Vec<String> {
            let mut out = Vec::new();
            for (k, v) in map {
                let k = k.as_str().unwrap();
                match v.as_mapping() {
                    Some(m) => out.extend(keys(m, &format!("{prefix}{k}."))),
                    None if k != "months_standalone" => out.push(format!("{prefix}{k}")),
                    None => {}
                }
            }
            out
        }
        let of = |text: &str| keys(&serde_yaml::from_str(text).unwrap(), "");
        let (en, keys) = (of(en), of(text));
        let lacks = en.iter().filter(|k| !keys.contains(k));
        let plural_form = |k: &str| {
            PLURAL_CATEGORIES.iter().any(|c| {
                k.strip_suffix(c)
                    .and_then(|b| b.strip_suffix('_'))
                    .is_some_and(|base| en.contains(&format!("{base}_other")))
            })
        };
        let has = keys.iter().filter(|k| !en.contains(k) && !plural_form(k));
        lacks
            .map(|k| format!("lacks {k}"))
            .chain(has.map(|k| format!("has {k}")))
            .collect()
    }

    #[test]
    fn every_language_file_has_exactly_the_english_keys() {
        let en = include_str!("../../templates/i18n/en.yaml");
        for (code, text) in FILES {
            assert_eq!(key_differences(en, text), Vec::<String>::new(), "{code}");
            let l = lang(text);
            assert_eq!(l.months.len(), 12, "{code}");
            assert!(matches!(l.months_standalone.len(), 0 | 12), "{code}");
            assert!(l.month_format.is_some(), "{code}");
        }
    }

    #[test]
    fn a_file_lacking_or_adding_a_key_differs_from_english() {
        let en = include_str!("../../templates/i18n/en.yaml");
        let fr = include_str!("../../templates/i18n/fr.yaml");
        let lacking = fr
            .replace("  asks: Ce que nous vous demandons\n", "")
            .replace("month_format: \"{month} {year}\"\n", "");
        assert_eq!(
            key_differences(en, &lacking),
            ["lacks month_format", "lacks labels.asks"]
        );
        let adding = fr.replace("  asks:", "  asks_typo: x\n  asks:");
        assert_eq!(key_differences(en, &adding), ["has labels.asks_typo"]);
        let top = format!("{fr}\nmonths_short: [a]\n");
        assert_eq!(key_differences(en, &top), ["has months_short"]);
    }

    #[test]
    fn plural_forms_follow_each_languages_rule() {
        let forms = |code: &str, key: &str| -> Vec<String> {
            let l = builtin(code);
            [0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111]
                .iter()
                .map(|&n| l.plural(code, key, n))
                .collect()
        };
        let ru = forms("ru", "target_noted");
        assert_eq!(ru[1], "1 предыдущая рекомендация принята к сведению");
        assert_eq!(ru[2], "2 предыдущие рекомендации приняты к сведению");
        assert_eq!(ru[4], "5 предыдущих рекомендаций принято к сведению");
        assert_eq!(ru[5], "11 предыдущих рекомендаций принято к сведению");
        assert_eq!(ru[6], "21 предыдущая рекомендация принята к сведению");
        assert_eq!(ru[7], "22 предыдущие рекомендации приняты к сведению");
        assert_eq!(ru[10], "111 предыдущих рекомендаций принято к сведению");
        let en = forms("en", "target_supported");
        assert_eq!(en[1], "1 earlier recommendation supported");
        assert_eq!(en[2], "2 earlier recommendations supported");
        assert_eq!(en[0], "0 earlier recommendations supported");
        assert_eq!(
            forms("fr", "target_supported")[0],
            "0 recommandation antérieure acceptée"
        );
        let ar = forms("ar", "target_noted");
        assert_eq!(ar[1], "توصية سابقة واحدة أُحيط بها علماً");
        assert_eq!(ar[2], "توصيتان سابقتان أُحيط بهما علماً");
        assert_eq!(ar[3], "3 توصيات سابقة أُحيط بها علماً");
        assert_eq!(ar[5], "11 توصية سابقة أُحيط بها علماً");
        assert_eq!(ar[9], "101 توصية سابقة أُحيط بها علماً");
        assert_eq!(forms("zh", "target_noted")[1], "1项以往建议被注意到");
        for (n, category) in [
            (0, "zero"),
            (2, "two"),
            (3, "few"),
            (11, "many"),
            (100, "other"),
        ] {
            assert_eq!(plural_category("ar", n), category, "{n}");
        }
    }

    #[test]
    fn without_a_month_format_a_month_is_the_date_format_from_its_month_on() {
        let l = lang(
            "date_format: \"{day} de {month} de {year}\"\nfirst_day: \"1\"\nmonths: [a, b, c]\nlabels: {}\n",
        );
        assert_eq!(l.month(day(2024, 3, 20)), "c de 2024");
        let with = lang(
            "date_format: \"{year}/{month}/{day}\"\nmonth_format: \"{month}.{year}\"\nfirst_day: \"1\"\nmonths: [a, b, c]\nlabels: {}\n",
        );
        assert_eq!(with.month(day(2024, 3, 20)), "c.2024");
        assert_eq!(with.date(day(2024, 3, 20)), "2024/c/20");
    }

    #[test]
    fn a_missing_label_is_its_key_and_a_missing_month_its_number() {
        let l = lang(
            "date_format: \"{day}/{month}/{year}\"\nfirst_day: \"1\"\nmonths: [a]\nlabels: { page: Page }\n",
        );
        assert_eq!(l.label("page"), "Page");
        assert_eq!(l.label("nope"), "nope");
        assert_eq!(l.date(day(2024, 2, 3)), "3/2/2024");
    }
}
