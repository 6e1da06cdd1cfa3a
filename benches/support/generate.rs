//! A synthetic campaign for the benchmark: N meetings, one state profile per
//! ISO 3166-1 country, M recommendations over three files, one organisation.
//!
//! Deterministic: the same [`Config`] always writes the same bytes. Texts are
//! made from small banks of sentences in English, French and Spanish, with the
//! slots (laws, groups, years, invented Vietnamese names) filled in parallel so
//! that a recommendation's translations say the same thing. Lengths follow a
//! real campaign: a few hundred words of narrative per meeting, recommendations
//! of 30–50 words with a shorter rationale. Meeting ids stay unique at any
//! size (2,000 meetings for the large run).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub meetings: usize,
    pub recommendations: usize,
    pub seed: u64,
    /// Also packs in Arabic and Chinese (a third each), with every
    /// recommendation translated into both: the shaping, bidi and
    /// fallback-font variant of the benchmark.
    pub scripts: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            meetings: 200,
            recommendations: 60,
            seed: 0x5eed_2024,
            scripts: false,
        }
    }
}

/// A tiny xorshift64* generator: enough to pick from lists reproducibly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct indices below `n`, in increasing order.
    pub fn distinct(&mut self, k: usize, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        while out.len() < k.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.sort_unstable();
        out
    }
}

/// The pack languages, and one text in each.
pub const LANGS: [&str; 3] = ["en", "fr", "es"];
type Tri = [&'static str; 3];

fn lang_index(lang: &str) -> usize {
    LANGS.iter().position(|l| *l == lang).unwrap_or(0)
}

/// Theme id and its title in en, fr, es.
const THEMES: [(&str, Tri); 12] = [
    (
        "freedom-of-expression",
        [
            "Freedom of expression",
            "Liberté d'expression",
            "Libertad de expresión",
        ],
    ),
    (
        "internet-freedom",
        [
            "Internet freedom",
            "Liberté sur Internet",
            "Libertad en internet",
        ],
    ),
    (
        "cybersecurity",
        [
            "Law on Cybersecurity",
            "Loi sur la cybersécurité",
            "Ley de Ciberseguridad",
        ],
    ),
    (
        "privacy",
        [
            "Privacy and access to data",
            "Vie privée et accès aux données",
            "Privacidad y acceso a los datos",
        ],
    ),
    (
        "data-localisation",
        [
            "Data localisation",
            "Localisation des données",
            "Localización de datos",
        ],
    ),
    (
        "shutdowns",
        [
            "Internet shutdowns",
            "Coupures d'Internet",
            "Cortes de internet",
        ],
    ),
    (
        "takedowns",
        [
            "Content removal",
            "Retrait de contenus",
            "Retirada de contenidos",
        ],
    ),
    (
        "journalists",
        [
            "Journalists and bloggers",
            "Journalistes et blogueurs",
            "Periodistas y blogueros",
        ],
    ),
    (
        "human-rights-defenders",
        [
            "Human rights defenders",
            "Défenseurs des droits de l'homme",
            "Defensores de derechos humanos",
        ],
    ),
    ("penal-code", ["Penal Code", "Code pénal", "Código Penal"]),
    (
        "freedom-of-association",
        [
            "Freedom of association",
            "Liberté d'association",
            "Libertad de asociación",
        ],
    ),
    (
        "fair-trial",
        [
            "Fair trial and detention",
            "Procès équitable et détention",
            "Juicio justo y detención",
        ],
    ),
];

/// Laws, as they are named in each language.
const LAWS: [Tri; 9] = [
    [
        "the Law on Cybersecurity (*Luật An ninh mạng*)",
        "la loi sur la cybersécurité (*Luật An ninh mạng*)",
        "la Ley de Ciberseguridad (*Luật An ninh mạng*)",
    ],
    [
        "Decree 53/2022/NĐ-CP",
        "le décret 53/2022/NĐ-CP",
        "el Decreto 53/2022/NĐ-CP",
    ],
    [
        "Decree 72/2013/NĐ-CP on internet services",
        "le décret 72/2013/NĐ-CP sur les services Internet",
        "el Decreto 72/2013/NĐ-CP sobre los servicios de internet",
    ],
    [
        "**Article 117** of the Penal Code",
        "l'**article 117** du Code pénal",
        "el **artículo 117** del Código Penal",
    ],
    [
        "**Article 331** of the Penal Code",
        "l'**article 331** du Code pénal",
        "el **artículo 331** del Código Penal",
    ],
    [
        "the Law on Press (*Luật Báo chí*)",
        "la loi sur la presse (*Luật Báo chí*)",
        "la Ley de Prensa (*Luật Báo chí*)",
    ],
    [
        "Decree 13/2023/NĐ-CP on personal data",
        "le décret 13/2023/NĐ-CP sur les données personnelles",
        "el Decreto 13/2023/NĐ-CP sobre datos personales",
    ],
    [
        "the draft Law on Associations",
        "le projet de loi sur les associations",
        "el proyecto de Ley de Asociaciones",
    ],
    [
        "the Law on Belief and Religion",
        "la loi sur les croyances et la religion",
        "la Ley de Creencias y Religión",
    ],
];

const GROUPS: [Tri; 7] = [
    ["bloggers", "les blogueurs", "los blogueros"],
    [
        "independent journalists",
        "les journalistes indépendants",
        "los periodistas independientes",
    ],
    [
        "land-rights activists",
        "les militants du droit à la terre",
        "los activistas por el derecho a la tierra",
    ],
    [
        "environmental defenders",
        "les défenseurs de l'environnement",
        "los defensores del medio ambiente",
    ],
    [
        "online commentators",
        "les commentateurs en ligne",
        "los comentaristas en línea",
    ],
    [
        "human rights lawyers",
        "les avocats des droits de l'homme",
        "los abogados de derechos humanos",
    ],
    [
        "religious communities",
        "les communautés religieuses",
        "las comunidades religiosas",
    ],
];

/// Recommendation titles: `{law}` is filled from [`LAWS`].
const TITLES: [Tri; 8] = [
    ["Amend {law}", "Modifier {law}", "Modificar {law}"],
    ["Repeal {law}", "Abroger {law}", "Derogar {law}"],
    [
        "Bring {law} into line with the ICCPR",
        "Mettre {law} en conformité avec le PIDCP",
        "Ajustar {law} al PIDCP",
    ],
    [
        "Publish the rules made under {law}",
        "Publier les règles prises en application de {law}",
        "Publicar las normas dictadas en virtud de {law}",
    ],
    [
        "Stop prosecutions of {group}",
        "Cesser les poursuites contre {group}",
        "Poner fin a los procesos contra {group}",
    ],
    [
        "Release detained {group}",
        "Libérer {group} détenus",
        "Liberar a {group} detenidos",
    ],
    [
        "Protect {group} online",
        "Protéger {group} en ligne",
        "Proteger a {group} en línea",
    ],
    [
        "Invite the Special Rapporteur",
        "Inviter le Rapporteur spécial",
        "Invitar al Relator Especial",
    ],
];

/// Sentences of recommendation texts.
const REC_SENTENCES: [Tri; 8] = [
    [
        "Amend {law} by the end of {year} so that every restriction it places on online content is precisely defined, pursues a legitimate aim under article 19 (3) of the International Covenant on Civil and Political Rights, and is necessary and proportionate.",
        "Modifier {law} d'ici fin {year} afin que chaque restriction qu'il impose aux contenus en ligne soit définie avec précision, poursuive un but légitime au sens du paragraphe 3 de l'article 19 du Pacte international relatif aux droits civils et politiques, et soit nécessaire et proportionnée.",
        "Modificar {law} antes de finales de {year} para que toda restricción que imponga a los contenidos en línea esté definida con precisión, persiga un fin legítimo conforme al artículo 19, párrafo 3, del Pacto Internacional de Derechos Civiles y Políticos y sea necesaria y proporcionada.",
    ],
    [
        "Release all {group} detained for peaceful expression, including {person}, and quash their convictions.",
        "Libérer tous {group} détenus pour s'être exprimés pacifiquement, dont {person}, et annuler leurs condamnations.",
        "Liberar a todos {group} detenidos por expresarse pacíficamente, entre ellos {person}, y anular sus condenas.",
    ],
    [
        "Place every request to remove content or obtain users' data under the prior authorisation of an independent judge, and publish yearly statistics of such requests.",
        "Soumettre toute demande de retrait de contenus ou d'accès aux données des utilisateurs à l'autorisation préalable d'un juge indépendant, et publier chaque année des statistiques sur ces demandes.",
        "Someter toda solicitud de retirada de contenidos o de acceso a los datos de los usuarios a la autorización previa de un juez independiente y publicar cada año estadísticas de esas solicitudes.",
    ],
    [
        "Refrain from disrupting access to the internet or to particular platforms, and guarantee an effective remedy to everyone affected.",
        "S'abstenir de perturber l'accès à Internet ou à certaines plateformes, et garantir un recours effectif à toute personne concernée.",
        "Abstenerse de interrumpir el acceso a internet o a determinadas plataformas y garantizar un recurso efectivo a toda persona afectada.",
    ],
    [
        "Consult {group} and independent experts in public before {year} on any revision of {law}.",
        "Consulter publiquement {group} et des experts indépendants avant {year} sur toute révision de {law}.",
        "Consultar públicamente a {group} y a expertos independientes antes de {year} sobre cualquier revisión de {law}.",
    ],
    [
        "Repeal or revise {law}, whose vague terms have been used against {group}.",
        "Abroger ou réviser {law}, dont les termes vagues ont été utilisés contre {group}.",
        "Derogar o revisar {law}, cuyos términos vagos se han utilizado contra {group}.",
    ],
    [
        "Extend a standing invitation to the Special Rapporteur on freedom of opinion and expression and agree a visit before {year}.",
        "Adresser une invitation permanente au Rapporteur spécial sur la liberté d'opinion et d'expression et convenir d'une visite avant {year}.",
        "Cursar una invitación permanente al Relator Especial sobre la libertad de opinión y de expresión y acordar una visita antes de {year}.",
    ],
    [
        "Ensure that no one is held in pre-trial detention for more than the time the law allows, and that every detainee sees a lawyer of their choice.",
        "Veiller à ce que nul ne soit placé en détention provisoire au-delà du délai légal et à ce que toute personne détenue puisse voir l'avocat de son choix.",
        "Velar por que nadie permanezca en prisión preventiva más allá del plazo legal y por que toda persona detenida pueda ver al abogado de su elección.",
    ],
];

/// Sentences of rationales.
const RATIONALE_SENTENCES: [Tri; 6] = [
    [
        "Since {year}, at least {n} {group} have been prosecuted under {law}.",
        "Depuis {year}, au moins {n} personnes parmi {group} ont été poursuivies en vertu de {law}.",
        "Desde {year}, al menos {n} personas entre {group} han sido procesadas en virtud de {law}.",
    ],
    [
        "The case of {person}, sentenced in {year}, shows how broadly the provision is read.",
        "L'affaire de {person}, condamné en {year}, montre combien la disposition est interprétée largement.",
        "El caso de {person}, condenado en {year}, muestra lo ampliamente que se interpreta la disposición.",
    ],
    [
        "Several States made similar recommendations in the [third cycle](https://www.ohchr.org/en/hr-bodies/upr/vn-index).",
        "Plusieurs États ont formulé des recommandations semblables lors du [troisième cycle](https://www.ohchr.org/en/hr-bodies/upr/vn-index).",
        "Varios Estados formularon recomendaciones similares en el [tercer ciclo](https://www.ohchr.org/en/hr-bodies/upr/vn-index).",
    ],
    [
        "Requests to platforms are not published, and users have no remedy when their posts disappear.",
        "Les demandes adressées aux plateformes ne sont pas publiées et les utilisateurs n'ont aucun recours lorsque leurs messages disparaissent.",
        "Las solicitudes dirigidas a las plataformas no se publican y los usuarios no tienen recurso cuando sus publicaciones desaparecen.",
    ],
    [
        "Viet Nam supported a recommendation on this point in {year} but has not acted on it.",
        "Le Viet Nam a accepté une recommandation sur ce point en {year} mais n'y a pas donné suite.",
        "Viet Nam aceptó una recomendación sobre este punto en {year}, pero no le ha dado seguimiento.",
    ],
    [
        "The provision gives the public security forces wide powers without independent oversight.",
        "La disposition confère aux forces de sécurité publique des pouvoirs étendus sans contrôle indépendant.",
        "La disposición otorga a las fuerzas de seguridad pública amplios poderes sin control independiente.",
    ],
];

/// Asks, in the pack's language.
const ASK_SENTENCES: [Tri; 6] = [
    [
        "Make a specific, time-bound recommendation to amend {law}, naming the provisions used against {group}.",
        "Formuler une recommandation précise et assortie d'un délai visant à modifier {law}, en citant les dispositions utilisées contre {group}.",
        "Formular una recomendación concreta y con plazo para modificar {law}, citando las disposiciones utilizadas contra {group}.",
    ],
    [
        "Raise the case of {person} in your statement at the interactive dialogue, and ask for their release.",
        "Évoquer le cas de {person} dans votre déclaration lors du dialogue interactif et demander sa libération.",
        "Mencionar el caso de {person} en su declaración durante el diálogo interactivo y pedir su liberación.",
    ],
    [
        "Follow up your earlier recommendation with one that can be measured by {year}.",
        "Donner suite à votre recommandation antérieure par une recommandation mesurable d'ici {year}.",
        "Dar seguimiento a su recomendación anterior con otra que pueda medirse antes de {year}.",
    ],
    [
        "Ask in an advance question how the authorities decide to remove content, and how many requests they made in {year}.",
        "Demander, dans une question écrite préalable, comment les autorités décident du retrait de contenus et combien de demandes elles ont faites en {year}.",
        "Preguntar, en una pregunta anticipada, cómo deciden las autoridades la retirada de contenidos y cuántas solicitudes hicieron en {year}.",
    ],
    [
        "Meet {group} during your next visit to Hà Nội or Thành phố Hồ Chí Minh.",
        "Rencontrer {group} lors de votre prochaine visite à Hà Nội ou à Thành phố Hồ Chí Minh.",
        "Reunirse con {group} durante su próxima visita a Hà Nội o a Thành phố Hồ Chí Minh.",
    ],
    [
        "Support a joint statement on internet shutdowns at the Council's next session.",
        "Soutenir une déclaration conjointe sur les coupures d'Internet lors de la prochaine session du Conseil.",
        "Apoyar una declaración conjunta sobre los cortes de internet en el próximo período de sesiones del Consejo.",
    ],
];

/// Sentences of the coalition's own notes (English: they stay inside).
const NOTE_SENTENCES: [&str; 12] = [
    "{state} supported a recommendation on freedom of expression in {year}; remind them of it and of what has happened since.",
    "The delegation should open with the case of {person}, who has been held since {year} under {law}.",
    "Ask whether {state} will speak at the interactive dialogue, and whether it plans to raise {law}.",
    "{state} has said in the past that it prefers private diplomacy; acknowledge this, but explain why a public recommendation matters this cycle.",
    "Bring printed copies of the recommendations in the pack's language, and the fact sheet on {group}.",
    "Mention that at least {n} {group} have been arrested since {year}, most of them for posts on social media.",
    "If asked about the government's mid-term report, point out that its figures cannot be checked.",
    "Do not press on the trade agreement; the last meeting showed that this closes the conversation.",
    "Offer a follow-up call with the lawyers of {person} before the review.",
    "The embassy's political officer changed in {year}; introduce the coalition briefly before the substance.",
    "Explain that the recommendations are numbered and can be quoted as they stand.",
    "Thank {state} for its statement at the last session, which named {law} explicitly.",
];

const OUTCOME_SENTENCES: [&str; 6] = [
    "The embassy took the recommendations and undertook to pass them to the capital before the review.",
    "{state} said it would consider a recommendation on {law}, but could not commit to naming provisions.",
    "The counterpart asked for the case file of {person} and for the Vietnamese text of {law}.",
    "The meeting was cordial; {state} will coordinate with like-minded delegations in Geneva.",
    "They confirmed that {state} will speak at the interactive dialogue and will share the draft in {year}.",
    "No commitment was made; the officer suggested meeting the mission in Geneva instead.",
];

const FOLLOW_UP_ACTIONS: [&str; 5] = [
    "Send the translated recommendations and the fact sheet",
    "Share the case file with the political officer",
    "Check whether the statement at the dialogue named the law",
    "Arrange a call with the mission in Geneva",
    "Send the list of detained bloggers with their sentences",
];

const VI_FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const VI_MIDDLE: [&str; 8] = ["Văn", "Thị", "Đình", "Minh", "Ngọc", "Thanh", "Quốc", "Hữu"];
const VI_GIVEN: [&str; 14] = [
    "Thảo", "Hùng", "Dũng", "Lượng", "Trang", "Phương", "Tuấn", "Hạnh", "Khánh", "Đức", "Nhung",
    "Quỳnh", "Thức", "Hải",
];

/// Names of counterparts' officials, by pack language (invented).
const FIRST: [&[&str]; 3] = [
    &[
        "Alex", "Jordan", "Sam", "Morgan", "Robin", "Kim", "Taylor", "Jamie",
    ],
    &[
        "Camille",
        "Dominique",
        "Claude",
        "Maxime",
        "Sacha",
        "Hélène",
        "Loïc",
        "Anaïs",
    ],
    &[
        "José", "María", "Andrés", "Lucía", "Íñigo", "Sofía", "Martín", "Begoña",
    ],
];
const LAST: [&[&str]; 3] = [
    &[
        "Example",
        "Sample",
        "Specimen",
        "Placeholder",
        "Testworth",
        "Mockridge",
    ],
    &[
        "Exemple",
        "Modèle",
        "Lefictif",
        "Durand-Témoin",
        "Brûlé",
        "Gérard",
    ],
    &["Ejemplo", "Muestra", "Ficticio", "Núñez", "Peña", "Ibáñez"],
];
const TITLES_PEOPLE: [Tri; 4] = [
    [
        "Political Officer",
        "Chargée d'affaires politiques",
        "Consejera política",
    ],
    ["Counsellor", "Conseiller", "Consejero"],
    [
        "First Secretary",
        "Premier secrétaire",
        "Primera secretaria",
    ],
    ["Ambassador", "Ambassadeur", "Embajadora"],
];

/// FOC members (public sources, 2024).
const FOC: [&str; 36] = [
    "AT", "CA", "CZ", "EE", "FR", "GH", "IE", "KE", "MV", "MX", "MN", "NL", "SE", "GB", "US", "CR",
    "FI", "LV", "TN", "GE", "DE", "JP", "LT", "MD", "AU", "NZ", "NO", "PL", "AR", "ES", "CH", "DK",
    "IT", "LU", "SK", "KR",
];

/// States whose packs are in Arabic or Chinese in the scripts variant.
const ARABIC: [&str; 12] = [
    "EG", "SA", "AE", "QA", "MA", "DZ", "JO", "KW", "BH", "OM", "TN", "LB",
];
const CHINESE: [&str; 2] = ["CN", "SG"];

/// Titles and texts in Arabic and Chinese for the scripts variant
/// (illustrative sentences on the campaign's subjects).
const AR_TITLES: [&str; 4] = [
    "تعديل قانون الأمن السيبراني",
    "الإفراج عن المدونين والصحفيين",
    "حماية الخصوصية والبيانات الشخصية",
    "ضمان حرية التعبير على الإنترنت",
];
const AR_TEXTS: [&str; 4] = [
    "تعديل المادتين 8 و16 من قانون الأمن السيبراني لعام 2018 بما يتفق مع المادة 19 من العهد الدولي الخاص بالحقوق المدنية والسياسية.",
    "الإفراج فوراً ودون قيد أو شرط عن جميع المدونين والصحفيين المحتجزين بسبب ممارستهم السلمية لحقهم في حرية التعبير (انظر A/HRC/41/7).",
    "اعتماد قانون شامل لحماية البيانات الشخصية وإنشاء هيئة رقابة مستقلة، وفقاً للمعايير الدولية لحقوق الإنسان.",
    "الكف عن حجب المواقع الإلكترونية وتقييد الوصول إلى الإنترنت، ونشر إحصاءات طلبات إزالة المحتوى كل ستة أشهر.",
];
const ZH_TITLES: [&str; 4] = [
    "修订《网络安全法》",
    "释放博主和记者",
    "保护隐私和个人数据",
    "保障网络言论自由",
];
const ZH_TEXTS: [&str; 4] = [
    "根据《公民权利和政治权利国际公约》第十九条，修订2018年《网络安全法》第八条和第十六条。",
    "立即无条件释放所有因和平行使言论自由权而被拘留的博主和记者（见A/HRC/41/7）。",
    "通过一部全面的个人数据保护法，并设立独立的监督机构，使之符合国际人权标准。",
    "停止屏蔽网站和限制互联网访问，每六个月公布删除内容请求的统计数据。",
];

/// A few states whose usual pack language is not English.
const FRENCH: [&str; 14] = [
    "FR", "BE", "LU", "MC", "CH", "SN", "CI", "ML", "BF", "NE", "TG", "BJ", "GA", "HT",
];
const SPANISH: [&str; 18] = [
    "ES", "MX", "AR", "CL", "CO", "PE", "VE", "EC", "BO", "PY", "UY", "CR", "PA", "HN", "GT", "SV",
    "NI", "DO",
];

const REGIONAL: [&str; 5] = [
    "African",
    "Asia-Pacific",
    "Eastern European",
    "GRULAC",
    "WEOG",
];

const COALITION: [(&str, &str, &str); 3] = [
    ("vdr", "Viet Nam Digital Rights Project", "VDR"),
    ("ain", "Asia Internet Freedom Network", "AIN"),
    ("cihr", "Clinic for International Human Rights", "CIHR"),
];

/// One generated recommendation, kept for the equivalent packs.
pub struct Recommendation {
    pub id: String,
    pub title: [String; 3],
    pub text: [String; 3],
    pub rationale: [String; 3],
    pub themes: Vec<usize>,
    pub sources: Vec<(String, String)>,
}

/// One generated meeting, kept for the equivalent packs.
pub struct Meeting {
    pub id: String,
    pub date: String,
    pub time: String,
    pub location: String,
    pub state: Option<usize>,
    pub institution: String,
    pub people: Vec<(String, String)>,
    pub delegation: Vec<usize>,
    pub language: Option<&'static str>,
    pub asks: Vec<String>,
}

pub struct State {
    pub code: &'static str,
    pub name: &'static str,
    pub language: &'static str,
}

/// A generated campaign: what was written, and enough of it to write a pack
/// in Markdown or Typst and to edit a meeting.
pub struct Campaign {
    pub states: Vec<State>,
    pub recommendations: Vec<Recommendation>,
    pub meetings: Vec<Meeting>,
    files: Vec<(String, String)>,
}

pub const TITLE: &str = "Digital rights in Viet Nam — synthetic benchmark campaign";

/// Fills the slots of `t` in one language.
struct Slots {
    law: usize,
    group: usize,
    year: usize,
    n: usize,
    person: String,
    state: String,
}

impl Slots {
    fn random(rng: &mut Rng, state: &str) -> Self {
        Slots {
            law: rng.below(LAWS.len()),
            group: rng.below(GROUPS.len()),
            year: rng.range(2018, 2026),
            n: rng.range(3, 60),
            person: vi_name(rng),
            state: state.to_string(),
        }
    }

    fn fill(&self, t: &str, lang: usize) -> String {
        t.replace("{law}", LAWS[self.law][lang])
            .replace("{group}", GROUPS[self.group][lang])
            .replace("{year}", &self.year.to_string())
            .replace("{n}", &self.n.to_string())
            .replace("{person}", &self.person)
            .replace("{state}", &self.state)
    }
}

fn vi_name(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(&VI_FAMILY),
        rng.pick(&VI_MIDDLE),
        rng.pick(&VI_GIVEN)
    )
}

/// `k` sentences from a parallel bank, in all three languages.
fn parallel(rng: &mut Rng, bank: &[Tri], k: usize) -> [String; 3] {
    let mut out: [String; 3] = Default::default();
    for i in rng.distinct(k, bank.len()) {
        let slots = Slots::random(rng, "");
        for (l, text) in out.iter_mut().enumerate() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&slots.fill(bank[i][l], l));
        }
    }
    out
}

/// English sentences from `bank` until the text has about `words` words.
fn prose(rng: &mut Rng, bank: &[&str], words: usize, state: &str) -> String {
    let mut out = String::new();
    let mut used = Vec::new();
    while out.split_whitespace().count() < words {
        let mut i = rng.below(bank.len());
        while used.contains(&i) && used.len() < bank.len() {
            i = (i + 1) % bank.len();
        }
        used.push(i);
        let slots = Slots::random(rng, state);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&slots.fill(bank[i], 0));
    }
    out
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn theme_ids(themes: &[usize]) -> Vec<String> {
    themes.iter().map(|&t| THEMES[t].0.to_string()).collect()
}

/// The date `days` after 8 January 2024 (2024 is a leap year).
fn date_2024(days: usize) -> String {
    const MONTHS: [usize; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = days + 7;
    let mut m = 0;
    while d >= MONTHS[m] {
        d -= MONTHS[m];
        m += 1;
    }
    format!("2024-{:02}-{:02}", m + 1, d + 1)
}

/// Makes the campaign in memory; [`Campaign::write`] puts it on disk.
pub fn generate(cfg: &Config) -> Campaign {
    let mut rng = Rng::new(cfg.seed);
    let mut files = Vec::new();

    // States: one per ISO 3166-1 country.
    let mut states = Vec::new();
    for (i, c) in isocountry::CountryCode::as_array().iter().enumerate() {
        let code = c.alpha2();
        let language = if cfg.scripts && ARABIC.contains(&code) {
            "ar"
        } else if cfg.scripts && CHINESE.contains(&code) {
            "zh"
        } else if FRENCH.contains(&code) {
            "fr"
        } else if SPANISH.contains(&code) {
            "es"
        } else {
            "en"
        };
        let mut y = String::new();
        let _ = writeln!(y, "# Synthetic state profile {} (benchmark).", i + 1);
        let _ = writeln!(y, "code: {}", q(code));
        let _ = writeln!(y, "name: {}", q(c.name()));
        if code == "VN" {
            // The state under review is named in every pack.
            let _ = writeln!(
                y,
                "names: {{ fr: Viet Nam, es: Viet Nam, ar: فييت نام, zh: 越南 }}"
            );
        }
        let _ = writeln!(y, "language: {language}");
        let under_review = code == "VN";
        if under_review || rng.chance(19) {
            let from = if under_review {
                2023
            } else {
                rng.range(2022, 2024)
            };
            let _ = writeln!(y, "hrc_member: {{ from: {from}, to: {} }}", from + 2);
        }
        if FOC.contains(&code) {
            let _ = writeln!(y, "foc_member: true");
        } else if under_review || rng.chance(30) {
            let _ = writeln!(y, "foc_member: false");
        }
        if rng.chance(70) {
            let _ = writeln!(y, "regional_group: {}", q(rng.pick(&REGIONAL)));
        }
        if under_review {
            let _ = writeln!(y, "priorities: []\nprior_recommendations: []");
        } else {
            let k = rng.range(2, 4);
            let priorities = theme_ids(&rng.distinct(k, THEMES.len()));
            let _ = writeln!(y, "priorities: {}", list(&priorities));
            if rng.chance(35) {
                let _ = writeln!(y, "prior_recommendations:");
                for _ in 0..rng.range(1, 3) {
                    let cycle = rng.range(1, 3);
                    let session = [12, 26, 41][cycle - 1];
                    let text = prose(&mut rng, &REC_SENTENCES.map(|t| t[0]), 25, "");
                    let k = rng.range(1, 2);
                    let themes = theme_ids(&rng.distinct(k, THEMES.len()));
                    let _ = writeln!(y, "  - cycle: {cycle}");
                    let _ = writeln!(
                        y,
                        "    ref: {}",
                        q(&format!(
                            "A/HRC/{session}/7 para {}.{}",
                            30 + cycle * 4,
                            rng.range(1, 291)
                        ))
                    );
                    let _ = writeln!(y, "    text: {}", q(&text));
                    let response = if rng.chance(60) { "supported" } else { "noted" };
                    let _ = writeln!(y, "    response: {response}");
                    let _ = writeln!(y, "    themes: {}", list(&themes));
                }
            }
        }
        files.push((format!("states/{}.yaml", code.to_lowercase()), y));
        states.push(State {
            code,
            name: c.name(),
            language,
        });
    }

    // The organisation.
    let foc: Vec<String> = FOC.iter().map(|s| s.to_string()).collect();
    files.push((
        "organizations/foc.yaml".into(),
        format!(
            "# Synthetic organisation profile (benchmark).\nid: foc\nname: Freedom Online Coalition\nmembers: {}\npriorities: {}\n",
            list(&foc),
            list(&theme_ids(&[1, 3, 4, 5, 6]))
        ),
    ));

    // Recommendations: three files, each declaring four themes.
    let m = cfg.recommendations;
    let width = m.to_string().len().max(2);
    let mut recommendations = Vec::new();
    for file in 0..3 {
        let own: Vec<usize> = (file * 4..file * 4 + 4).collect();
        let mut y = format!(
            "# Synthetic recommendations, file {} of 3 (benchmark).\nthemes:\n",
            file + 1
        );
        for &t in &own {
            let (id, titles) = THEMES[t];
            let _ = writeln!(
                y,
                "  - id: {id}\n    title: {}\n    titles: {{ fr: {}, es: {} }}",
                q(titles[0]),
                q(titles[1]),
                q(titles[2])
            );
        }
        y.push_str("items:\n");
        let (lo, hi) = (file * m / 3, (file + 1) * m / 3);
        for n in lo..hi {
            let id = format!("R{:0width$}", n + 1);
            let slots = Slots::random(&mut rng, "");
            let t = rng.pick(&TITLES);
            // Titles are plain text (not a narrative field): no emphasis.
            let title = [0, 1, 2].map(|l| slots.fill(t[l], l).replace('*', ""));
            let title = title.map(|s| {
                let mut c = s.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            });
            let k = rng.range(1, 2);
            let text = parallel(&mut rng, &REC_SENTENCES, k);
            let rationale = parallel(&mut rng, &RATIONALE_SENTENCES, 2);
            let mut themes = vec![own[rng.below(4)]];
            for _ in 0..rng.range(0, 2) {
                let t = rng.below(THEMES.len());
                if !themes.contains(&t) {
                    themes.push(t);
                }
            }
            let sources: Vec<(String, String)> = (0..rng.range(1, 2))
                .map(|s| {
                    (
                        format!(
                            "Source {} for {id}: report of {}",
                            s + 1,
                            2018 + rng.below(7)
                        ),
                        format!(
                            "https://example.org/sources/{}/{}",
                            id.to_lowercase(),
                            s + 1
                        ),
                    )
                })
                .collect();
            let _ = writeln!(y, "  - id: {id}");
            let _ = writeln!(y, "    title: {}", q(&title[0]));
            let _ = writeln!(y, "    text: {}", q(&text[0]));
            let _ = writeln!(y, "    rationale: {}", q(&rationale[0]));
            let _ = writeln!(y, "    themes: {}", list(&theme_ids(&themes)));
            let _ = writeln!(y, "    priority: {}", rng.range(1, 5));
            let _ = writeln!(y, "    sources:");
            for (title, url) in &sources {
                let _ = writeln!(y, "      - {{ title: {}, url: {} }}", q(title), q(url));
            }
            let _ = writeln!(y, "    translations:");
            for l in 1..3 {
                let _ = writeln!(
                    y,
                    "      {}:\n        title: {}\n        text: {}\n        rationale: {}",
                    LANGS[l],
                    q(&title[l]),
                    q(&text[l]),
                    q(&rationale[l])
                );
            }
            if cfg.scripts {
                let k = recommendations.len();
                for (lang, titles, texts) in
                    [("ar", &AR_TITLES, &AR_TEXTS), ("zh", &ZH_TITLES, &ZH_TEXTS)]
                {
                    let text = format!("{} {}", texts[k % 4], texts[(k + 1) % 4]);
                    let _ = writeln!(
                        y,
                        "      {lang}:\n        title: {}\n        text: {}\n        rationale: {}",
                        q(titles[k % 4]),
                        q(&text),
                        q(texts[(k + 2) % 4])
                    );
                }
            }
            recommendations.push(Recommendation {
                id,
                title,
                text,
                rationale,
                themes,
                sources,
            });
        }
        files.push((format!("recommendations/file-{}.yaml", file + 1), y));
    }

    // Meetings, spread over the states other than the one under review.
    let counterparts: Vec<usize> = (0..states.len())
        .filter(|&i| states[i].code != "VN")
        .collect();
    let mut meetings = Vec::new();
    let id_width = cfg.meetings.to_string().len().max(3);
    for n in 0..cfg.meetings {
        let date = date_2024(rng.below(118));
        let state = if rng.chance(4) {
            None
        } else {
            Some(rng.pick(&counterparts))
        };
        let (name, code, mut lang) = match state {
            Some(s) => (
                states[s].name,
                states[s].code,
                lang_index(states[s].language),
            ),
            None => ("Freedom Online Coalition", "foc", 0),
        };
        let mut language = if rng.chance(10) {
            let l = rng.below(3);
            lang = l;
            Some(LANGS[l])
        } else {
            None
        };
        if cfg.scripts {
            match n % 3 {
                1 => language = Some("ar"),
                2 => language = Some("zh"),
                _ => {}
            }
        }
        // The number makes the id unique however many meetings share a date
        // and a counterpart; three digits up to 999 meetings, more beyond.
        let id = format!("{date}-{}-{:0id_width$}", code.to_lowercase(), n + 1);
        let city = rng.pick(&["Seoul", "Geneva", "Bangkok", "Jakarta"]);
        let institution = match (state, city) {
            (None, _) => "Freedom Online Coalition Support Unit".to_string(),
            (Some(_), "Geneva") => {
                format!("Permanent Mission of {name} to the United Nations Office at Geneva")
            }
            (Some(_), _) => format!("Embassy of {name} in {city}"),
        };
        let location = match state {
            Some(_) => format!("Embassy of {name}, {city}"),
            None => format!("Summit venue, {city}"),
        };
        let time = format!("{:02}:{}", rng.range(9, 17), rng.pick(&["00", "30"]));
        let people: Vec<(String, String)> = (0..rng.range(1, 3))
            .map(|_| {
                (
                    format!("{} {}", rng.pick(FIRST[lang]), rng.pick(LAST[lang])),
                    rng.pick(&TITLES_PEOPLE)[lang].to_string(),
                )
            })
            .collect();
        let delegation = {
            let k = rng.range(1, 3);
            rng.distinct(k, 3)
        };
        let extra_themes = theme_ids(&{
            let k = rng.range(0, 2);
            rng.distinct(k, THEMES.len())
        });
        let explicit: Vec<String> = {
            let k = rng.range(0, 3);
            rng.distinct(k, recommendations.len())
                .into_iter()
                .map(|i| recommendations[i].id.clone())
                .collect()
        };
        let asks: Vec<String> = (0..rng.range(2, 3))
            .map(|_| {
                let slots = Slots::random(&mut rng, name);
                slots.fill(rng.pick(&ASK_SENTENCES)[lang], lang)
            })
            .collect();
        let talking_points: Vec<String> = (0..rng.range(3, 5))
            .map(|_| prose(&mut rng, &NOTE_SENTENCES, 40, name))
            .collect();
        let held = rng.chance(60);

        let mut y = String::new();
        let _ = writeln!(
            y,
            "# Synthetic meeting {} of {} (benchmark).",
            n + 1,
            cfg.meetings
        );
        let _ = writeln!(y, "date: {date}\ntime: {}", q(&time));
        let _ = writeln!(y, "location: {}", q(&location));
        let _ = writeln!(
            y,
            "format: {}",
            if rng.chance(75) { "formal" } else { "informal" }
        );
        y.push_str("counterpart:\n");
        match state {
            Some(_) => {
                let _ = writeln!(y, "  state: {}", q(code));
            }
            None => {
                let _ = writeln!(y, "  organization: foc");
            }
        }
        let _ = writeln!(y, "  institution: {}", q(&institution));
        y.push_str("  people:\n");
        for (k, (person, title)) in people.iter().enumerate() {
            let _ = writeln!(y, "    - name: {}\n      title: {}", q(person), q(title));
            if k == 0 {
                let _ = writeln!(
                    y,
                    "      email: {}",
                    q(&format!(
                        "officer{}@{}.example.org",
                        n + 1,
                        code.to_lowercase()
                    ))
                );
            }
        }
        let ids: Vec<String> = delegation
            .iter()
            .map(|&i| COALITION[i].0.to_string())
            .collect();
        let _ = writeln!(y, "delegation: {}", list(&ids));
        if let Some(l) = language {
            let _ = writeln!(y, "language: {l}");
        }
        if !extra_themes.is_empty() {
            let _ = writeln!(y, "themes: {}", list(&extra_themes));
        }
        if !explicit.is_empty() {
            let _ = writeln!(y, "recommendations: {}", list(&explicit));
        }
        y.push_str("talking_points:\n");
        for t in &talking_points {
            let _ = writeln!(y, "  - {}", q(t));
        }
        y.push_str("asks:\n");
        for a in &asks {
            let _ = writeln!(y, "  - {}", q(a));
        }
        let _ = writeln!(y, "status: {}", if held { "held" } else { "planned" });
        if held {
            let _ = writeln!(
                y,
                "outcome: {}",
                q(&prose(&mut rng, &OUTCOME_SENTENCES, 60, name))
            );
            y.push_str("follow_up:\n");
            for _ in 0..rng.range(1, 3) {
                let _ = writeln!(
                    y,
                    "  - action: {}\n    owner: {}\n    due: {}\n    done: {}",
                    q(rng.pick(&FOLLOW_UP_ACTIONS)),
                    COALITION[rng.below(3)].0,
                    date_2024(rng.range(60, 130)),
                    rng.chance(50)
                );
            }
        }
        let _ = writeln!(
            y,
            "internal_notes: {}",
            q(&prose(&mut rng, &NOTE_SENTENCES, 40, name))
        );
        files.push((format!("meetings/{id}.yaml"), y));
        meetings.push(Meeting {
            id,
            date,
            time,
            location,
            state,
            institution,
            people,
            delegation,
            language,
            asks,
        });
    }

    files.push(("campaign.yaml".into(), campaign_yaml(&mut rng)));
    Campaign {
        states,
        recommendations,
        meetings,
        files,
    }
}

fn campaign_yaml(rng: &mut Rng) -> String {
    let mut y = String::from("# Synthetic campaign (benchmark): not a real campaign.\n");
    let _ = writeln!(y, "title: {}", q(TITLE));
    y.push_str(
        "state_under_review: VN\nreview: { cycle: 4, session: 46, date: 2024-05-07 }\nlanguage: en\npage_size: A4\nmax_recommendations_per_pack: 10\ncoalition:\n",
    );
    for (id, name, short) in COALITION {
        let _ = writeln!(
            y,
            "  - id: {id}\n    name: {}\n    short: {short}\n    website: https://{id}.example.org\n    contact: {{ name: {}, email: advocacy@{id}.example.org }}",
            q(name),
            q(&format!("{} Example", FIRST[0][rng.below(FIRST[0].len())]))
        );
    }
    y.push_str("submission:\n  kind: joint\n  keywords: [freedom of expression, internet, cybersecurity, privacy, journalists]\n  sections:\n");
    for title in ["Introduction", "The legal framework for the internet"] {
        let body = prose(rng, &RATIONALE_SENTENCES.map(|t| t[0]), 150, "Viet Nam");
        let _ = writeln!(y, "    - title: {}\n      body: {}", q(title), q(&body));
    }
    y
}

impl Campaign {
    /// Writes the inputs folder under `dir` (which must be empty or absent).
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        for sub in ["states", "organizations", "recommendations", "meetings"] {
            fs::create_dir_all(dir.join(sub))?;
        }
        for (rel, text) in &self.files {
            fs::write(dir.join(rel), text)?;
        }
        Ok(())
    }

    /// Total words of meeting narrative, for the report.
    pub fn words(&self) -> usize {
        self.files
            .iter()
            .filter(|(rel, _)| rel.starts_with("meetings/"))
            .map(|(_, t)| t.split_whitespace().count())
            .sum()
    }

    /// The language of a meeting's pack, as SPEC fixes it.
    pub fn language(&self, m: &Meeting) -> &'static str {
        m.language
            .or(m.state.map(|s| self.states[s].language))
            .unwrap_or("en")
    }

    /// The content the tool puts in the pack of `meeting` (same sections,
    /// same texts, in the pack's language; labels in English), as blocks of
    /// inline Markdown, for writing an equivalent pack in other tools' input
    /// languages: [`Campaign::pack_markdown`], [`Campaign::pack_typst`].
    fn pack_blocks(&self, meeting: &Meeting, recommendations: &[&str]) -> Vec<Block> {
        let l = lang_index(self.language(meeting));
        let counterpart = meeting
            .state
            .map(|s| self.states[s].name)
            .unwrap_or("Freedom Online Coalition");
        let names: Vec<&str> = COALITION.iter().map(|c| c.1).collect();
        let shorts: Vec<&str> = meeting.delegation.iter().map(|&i| COALITION[i].2).collect();
        let when = format!("{}, {}", meeting.date, meeting.time);
        let mut b = vec![
            Block::Heading(1, TITLE.into()),
            Block::Para(format!("Briefing for {}", meeting.institution)),
            Block::Para(format!("{when} · {}", meeting.location)),
            Block::Para(names.join(" · ")),
            Block::Heading(2, "Meeting".into()),
            Block::Table(
                ["Date", "Place", "Format", "Delegation"].map(String::from).into(),
                vec![vec![
                    when.clone(),
                    meeting.location.clone(),
                    "formal meeting".into(),
                    shorts.join(", "),
                ]],
            ),
            Block::Bullets(
                meeting
                    .people
                    .iter()
                    .map(|(name, title)| format!("**{name}**, {title}"))
                    .collect(),
            ),
            Block::Heading(2, "Who we are".into()),
            Block::Para(
                "This briefing is presented by a coalition of civil-society organisations:"
                    .into(),
            ),
            Block::Bullets(
                COALITION
                    .iter()
                    .map(|(id, name, short)| {
                        format!(
                            "**{name}** ({short}) — [https://{id}.example.org](https://{id}.example.org)"
                        )
                    })
                    .collect(),
            ),
            Block::Heading(2, "The review".into()),
            Block::Bullets(
                [
                    "State under review: **Viet Nam**",
                    "UPR cycle: 4",
                    "Working Group session: 46",
                    "Date of the review: 7 May 2024",
                ]
                .map(String::from)
                .into(),
            ),
            Block::Heading(2, format!("Your delegation and the review: {counterpart}")),
            Block::Bullets(
                [
                    "Member of the Human Rights Council (term 2024–2026)",
                    "Member of the Freedom Online Coalition",
                ]
                .map(String::from)
                .into(),
            ),
            Block::Heading(2, "Our recommendations".into()),
        ];
        for id in recommendations {
            let Some(r) = self.recommendations.iter().find(|r| r.id == *id) else {
                continue;
            };
            let themes: Vec<&str> = r.themes.iter().map(|&t| THEMES[t].1[l]).collect();
            let sources: Vec<String> = r
                .sources
                .iter()
                .map(|(t, u)| format!("[{t}]({u})"))
                .collect();
            b.extend([
                Block::Heading(3, format!("{}. {}", r.id, r.title[l])),
                Block::Para(r.text[l].clone()),
                Block::Para(format!("Themes: {}", themes.join(", "))),
                Block::Para(format!("*Why it matters*: {}", r.rationale[l])),
                Block::Para(format!("Sources: {}", sources.join("; "))),
            ]);
        }
        b.extend([
            Block::Heading(2, "What we ask of you".into()),
            Block::Numbered(meeting.asks.clone()),
            Block::Heading(2, "Contact".into()),
            Block::Bullets(
                COALITION
                    .iter()
                    .map(|(id, _, short)| {
                        format!(
                            "Contact ({short}) — [advocacy@{id}.example.org](mailto:advocacy@{id}.example.org)"
                        )
                    })
                    .collect(),
            ),
        ]);
        b
    }

    /// The pack of `meeting` in Markdown, for converting with Pandoc.
    pub fn pack_markdown(&self, meeting: &Meeting, recommendations: &[&str]) -> String {
        let mut md = String::new();
        for block in self.pack_blocks(meeting, recommendations) {
            match block {
                Block::Heading(level, text) => {
                    let _ = writeln!(md, "{} {text}\n", "#".repeat(level));
                }
                Block::Para(text) => {
                    let _ = writeln!(md, "{text}\n");
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(md, "- {item}");
                    }
                    md.push('\n');
                }
                Block::Numbered(items) => {
                    for item in items {
                        let _ = writeln!(md, "1. {item}");
                    }
                    md.push('\n');
                }
                Block::Table(head, rows) => {
                    let _ = writeln!(md, "| {} |", head.join(" | "));
                    let _ = writeln!(md, "|{}", "---|".repeat(head.len()));
                    for row in rows {
                        let _ = writeln!(md, "| {} |", row.join(" | "));
                    }
                    md.push('\n');
                }
            }
        }
        md
    }

    /// The pack of `meeting` as a Typst document, close to the tool's house
    /// style (A4, its margins, Noto Sans at its sizes and colours, running
    /// header and footer with page numbers), for compiling with Typst.
    pub fn pack_typst(&self, meeting: &Meeting, recommendations: &[&str]) -> String {
        let lang = LANGS[lang_index(self.language(meeting))];
        let mut t = String::new();
        let _ = writeln!(
            t,
            "#set document(title: {}, author: {})",
            typst_string(TITLE),
            typst_string(COALITION[0].1)
        );
        let _ = writeln!(
            t,
            "#set text(font: \"Noto Sans\", size: 10.5pt, lang: \"{lang}\", fill: rgb(\"#1f2328\"))"
        );
        let _ = writeln!(
            t,
            "#let prepared = [Prepared for: {} — {}]",
            typst_inline(&meeting.institution),
            typst_inline(&meeting.date)
        );
        t.push_str(concat!(
            "#set par(leading: 0.68em, spacing: 1.1em)\n",
            "#set page(paper: \"a4\", margin: (top: 25mm, bottom: 22mm, x: 22mm),\n",
            "  header: context [#set text(size: 8pt, fill: rgb(\"#57606a\")); #document.title",
            " #v(-4pt) #line(length: 100%, stroke: 0.5pt + rgb(\"#d0d7de\"))],\n",
            "  footer: context [#set text(size: 8pt, fill: rgb(\"#57606a\")); #prepared #h(1fr) ",
            "Page #counter(page).display(\"1 of 1\", both: true)])\n",
            "#show heading: set text(fill: rgb(\"#1b3a5c\"))\n",
            "#show heading.where(level: 1): set text(size: 26pt)\n",
            "#show heading.where(level: 2): set text(size: 16pt)\n",
            "#show heading.where(level: 3): set text(size: 11.5pt)\n",
            "#show heading: set block(above: 1.6em, below: 0.8em)\n",
            "#show link: set text(fill: rgb(\"#0b5cad\"))\n",
            "#show link: underline\n",
            "#set table(stroke: 0.5pt + rgb(\"#d0d7de\"), inset: 4pt,\n",
            "  fill: (_, y) => if y == 0 { rgb(\"#e8eef5\") })\n",
            "#show table: set text(size: 9pt)\n",
            "#show table.cell.where(y: 0): set text(weight: \"bold\")\n",
            "#set list(indent: 6pt, body-indent: 8pt, spacing: 0.8em)\n",
            "#set enum(indent: 6pt, body-indent: 8pt, spacing: 0.8em)\n\n",
        ));
        for block in self.pack_blocks(meeting, recommendations) {
            match block {
                Block::Heading(level, text) => {
                    let _ = writeln!(t, "{} {}\n", "=".repeat(level), typst_inline(&text));
                }
                Block::Para(text) => {
                    let _ = writeln!(t, "{}\n", typst_inline(&text));
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(t, "- {}", typst_inline(&item));
                    }
                    t.push('\n');
                }
                Block::Numbered(items) => {
                    for item in items {
                        let _ = writeln!(t, "+ {}", typst_inline(&item));
                    }
                    t.push('\n');
                }
                Block::Table(head, rows) => {
                    let cells = |row: &[String]| {
                        row.iter()
                            .map(|c| format!("[{}]", typst_inline(c)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let _ = writeln!(
                        t,
                        "#table(columns: {}, table.header({}),",
                        head.len(),
                        cells(&head)
                    );
                    for row in rows {
                        let _ = writeln!(t, "  {},", cells(&row));
                    }
                    t.push_str(")\n\n");
                }
            }
        }
        t
    }

    /// The text of meeting `id`'s file with its first ask changed, different
    /// for each `revision`: an edit that changes what its pack and the
    /// campaign summary show (asks appear in both; talking points and the
    /// outcome only in the summary). `None` for an unknown id or a meeting
    /// without asks.
    /// The recommendations file holding `id` (its path and text) with that
    /// recommendation's text reworded (revision `revision`) in English and
    /// in every translation: one recommendation reworded everywhere.
    pub fn reworded_recommendation(&self, id: &str, revision: usize) -> Option<(String, String)> {
        let start = format!("  - id: {id}");
        let (rel, text) = self.files.iter().find(|(rel, text)| {
            rel.starts_with("recommendations/") && text.lines().any(|l| l == start)
        })?;
        let mut inside = false;
        let mut edited = false;
        let mut out = String::with_capacity(text.len() + 64);
        for line in text.lines() {
            if line.starts_with("  - id: ") {
                inside = line == start;
            }
            let body = line.trim_start();
            if inside && body.starts_with("text: \"") && line.ends_with('"') {
                let _ = writeln!(out, "{} (revision {revision})\"", &line[..line.len() - 1]);
                edited = true;
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        edited.then(|| (rel.clone(), out))
    }

    pub fn edited_meeting(&self, id: &str, revision: usize) -> Option<(String, String)> {
        let rel = format!("meetings/{id}.yaml");
        let (_, text) = self.files.iter().find(|(r, _)| *r == rel)?;
        let mut in_asks = false;
        let mut edited = false;
        let mut out = String::with_capacity(text.len() + 32);
        for line in text.lines() {
            if !edited && in_asks && line.starts_with("  - \"") && line.ends_with('"') {
                let _ = writeln!(out, "{} (revision {revision})\"", &line[..line.len() - 1]);
                edited = true;
                continue;
            }
            in_asks = line == "asks:" || (in_asks && line.starts_with("  "));
            out.push_str(line);
            out.push('\n');
        }
        edited.then_some((rel, out))
    }
}

/// A block of an equivalent pack; text is inline Markdown (emphasis,
/// strong, links), as in the tool's narrative fields.
enum Block {
    Heading(usize, String),
    Para(String),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
    /// Header cells and rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

/// A Typst string literal.
fn typst_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Inline Markdown (`*emphasis*`, `**strong**`, `[text](url)`: all the
/// generated texts use) as Typst markup; every other character that means
/// something in Typst markup is escaped.
fn typst_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("**") {
            out.push('*');
            rest = after;
        } else if let Some(after) = rest.strip_prefix('*') {
            out.push('_');
            rest = after;
        } else if let Some((text, url, after)) = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once("]("))
            .and_then(|(text, r)| r.split_once(')').map(|(url, after)| (text, url, after)))
            .filter(|(text, url, _)| !text.contains('[') && !url.contains(char::is_whitespace))
        {
            let _ = write!(out, "#link({})[{}]", typst_string(url), typst_inline(text));
            rest = after;
        } else {
            if "\\#$*_`<>@[]/~=-+".contains(c) {
                out.push('\\');
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}
