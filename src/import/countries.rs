//! States by the names the UN gives them: the Index names a recommending
//! state in words ("Republic of Korea", "Viet Nam", "Türkiye"); profiles
//! use ISO 3166-1 alpha-2 codes.

use isocountry::CountryCode;

/// Names the UN uses (or that exports and people commonly write) that differ
/// from the ISO short names `isocountry` knows; each with its code.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("Republic of Korea", "KR"),
    ("South Korea", "KR"),
    ("Democratic People's Republic of Korea", "KP"),
    ("North Korea", "KP"),
    ("DPRK", "KP"),
    ("Vietnam", "VN"),
    ("Türkiye", "TR"),
    ("Turkiye", "TR"),
    ("United Kingdom", "GB"),
    ("United States", "US"),
    ("Netherlands (Kingdom of the)", "NL"),
    ("Kingdom of the Netherlands", "NL"),
    ("Czech Republic", "CZ"),
    ("Iran", "IR"),
    ("Russia", "RU"),
    ("Bolivia", "BO"),
    ("Republic of Moldova", "MD"),
    ("Moldova", "MD"),
    ("United Republic of Tanzania", "TZ"),
    ("Tanzania", "TZ"),
    ("Laos", "LA"),
    ("Venezuela", "VE"),
    ("Syria", "SY"),
    ("North Macedonia", "MK"),
    ("State of Palestine", "PS"),
    ("Palestine", "PS"),
    ("Democratic Republic of the Congo", "CD"),
    ("DR Congo", "CD"),
    ("DRC", "CD"),
    ("Republic of the Congo", "CG"),
    ("Eswatini", "SZ"),
    ("Cape Verde", "CV"),
    ("Brunei", "BN"),
    ("Micronesia", "FM"),
    ("Ivory Coast", "CI"),
    ("Holy See", "VA"),
];

/// How names are compared: case, accents of Latin letters, punctuation and
/// a leading "the" do not count.
fn key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = plain.split_whitespace().collect();
    let words = match words.as_slice() {
        ["the", rest @ ..] => rest,
        all => all,
    };
    words.join(" ")
}

/// The ISO code of the state the Index names `given`: an alpha-2 or alpha-3
/// code, an ISO short name, or one of the UN's names. An observer's
/// asterisk ("State of Palestine*") is ignored.
pub fn code_of(given: &str) -> Option<&'static str> {
    let given = given.trim().trim_end_matches('*').trim();
    if given.len() == 2
        && let Ok(c) = CountryCode::for_alpha2(given)
    {
        return Some(c.alpha2());
    }
    if given.len() == 3
        && given.chars().all(|c| c.is_ascii_uppercase())
        && let Ok(c) = CountryCode::for_alpha3(given)
    {
        return Some(c.alpha2());
    }
    let k = key(given);
    if k.is_empty() {
        return None;
    }
    OTHER_NAMES
        .iter()
        .find(|(name, _)| key(name) == k)
        .map(|(_, code)| *code)
        .or_else(|| {
            CountryCode::iter()
                .find(|c| key(c.name()) == k)
                .map(|c| c.alpha2())
        })
}

/// Every name [`code_of`] knows, for a did-you-mean hint.
pub fn names() -> impl Iterator<Item = &'static str> {
    OTHER_NAMES
        .iter()
        .map(|(n, _)| *n)
        .chain(CountryCode::iter().map(|c| c.name()))
}

/// The state's name in English for a new profile: the name the Index gave,
/// without an observer's asterisk.
pub fn display_name(given: &str) -> String {
    given.trim().trim_end_matches('*').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn un_names_iso_names_and_codes_give_the_code() {
        for (name, code) in [
            ("Sweden", "SE"),
            ("Republic of Korea", "KR"),
            ("Viet Nam", "VN"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            ("United States of America", "US"),
            ("Netherlands (Kingdom of the)", "NL"),
            ("Czechia", "CZ"),
            ("Iran (Islamic Republic of)", "IR"),
            ("Côte d'Ivoire", "CI"),
            ("Cote d'Ivoire", "CI"),
            ("State of Palestine*", "PS"),
            ("  sweden ", "SE"),
            ("SE", "SE"),
            ("SWE", "SE"),
            ("the Gambia", "GM"),
        ] {
            assert_eq!(code_of(name), Some(code), "{name}");
        }
    }

    /// Names that differ by a word or two and are easily taken one for the
    /// other, in the forms people and the UN write them.
    #[test]
    fn near_names_give_each_its_own_state() {
        for (name, code) in [
            ("Democratic People's Republic of Korea", "KP"),
            ("Democratic People’s Republic of Korea", "KP"),
            ("Korea (Democratic People's Republic of)", "KP"),
            ("DPRK", "KP"),
            ("North Korea", "KP"),
            ("DPRK", "KP"),
            ("Republic of Korea", "KR"),
            ("Korea, Republic of", "KR"),
            ("South Korea", "KR"),
            ("Congo", "CG"),
            ("Republic of the Congo", "CG"),
            ("Democratic Republic of the Congo", "CD"),
            ("DR Congo", "CD"),
            ("DRC", "CD"),
            ("Republic of the Congo", "CG"),
            ("Congo, Democratic Republic of the", "CD"),
            ("DR Congo", "CD"),
            ("Niger", "NE"),
            ("Nigeria", "NG"),
            ("Guinea", "GN"),
            ("Equatorial Guinea", "GQ"),
            ("Guinea-Bissau", "GW"),
            ("Papua New Guinea", "PG"),
            ("Dominica", "DM"),
            ("Dominican Republic", "DO"),
            ("Sudan", "SD"),
            ("South Sudan", "SS"),
            ("Samoa", "WS"),
            ("Austria", "AT"),
            ("Australia", "AU"),
            ("Iceland", "IS"),
            ("Ireland", "IE"),
            ("Mali", "ML"),
            ("Malawi", "MW"),
            ("Gambia", "GM"),
            ("Zambia", "ZM"),
        ] {
            assert_eq!(code_of(name), Some(code), "{name}");
        }
    }

    #[test]
    fn other_names_give_none() {
        for name in ["Atlantis", "", "*", "XX", "Korea Sweden", "se"] {
            assert_eq!(code_of(name), None, "{name}");
        }
    }
}
