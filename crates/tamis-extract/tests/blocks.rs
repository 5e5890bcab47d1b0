//! Removal works on blocks, never inside a sentence: inline elements in
//! running text stay whatever their class, id or words; prose inside the
//! main content is not removed by vocabulary; page-level classes never hide
//! the page. Hand-written pages in seven languages (one CJK, one
//! right-to-left).

use tamis_extract::{extract, ExtractOptions};

/// Paragraphs of plain prose in one language, and a sentence frame with an
/// inline slot: `{}` is replaced by the inline element.
struct Lang {
    code: &'static str,
    title: &'static str,
    paras: [&'static str; 4],
    /// A sentence with a slot for a name.
    frame: &'static str,
    name: &'static str,
    /// List items of ordinary advice, one of them mentioning a dose,
    /// a recipe step or a sponsor.
    items: [&'static str; 3],
}

const LANGS: &[Lang] = &[
    Lang {
        code: "en",
        title: "The river festival returns this summer",
        paras: [
            "The town's river festival returns in July after a two-year pause, with boat races, music on the quays and a night market along the old harbour wall.",
            "Organisers expect more visitors than ever, and the council has added late buses from the station so that people can stay for the fireworks on Saturday.",
            "Local schools have built twelve wooden boats for the junior race, which starts at ten in the morning from the bridge by the mill.",
            "Tickets for the concerts go on sale next week at the library and the tourist office, and children under twelve can attend every event for free.",
        ],
        frame: "The opening concert will be led by {} together with the town choir, who have rehearsed every week since the spring.",
        name: "Marie Dubois",
        items: [
            "The recommended dose is 5 mg.",
            "Add the cookie dough slowly.",
            "This event was sponsored by the council.",
        ],
    },
    Lang {
        code: "fr",
        title: "La fête de la rivière revient cet été",
        paras: [
            "La fête de la rivière revient en juillet après deux ans d'absence, avec des courses de bateaux, de la musique sur les quais et un marché de nuit.",
            "Les organisateurs attendent plus de visiteurs que jamais, et la mairie a ajouté des bus tardifs depuis la gare pour que chacun puisse rester au feu d'artifice.",
            "Les écoles ont construit douze bateaux en bois pour la course des enfants, qui part à dix heures du pont près du moulin.",
            "Les billets des concerts seront en vente la semaine prochaine à la bibliothèque, et l'entrée est gratuite pour les moins de douze ans.",
        ],
        frame: "Le concert d'ouverture sera dirigé par {} avec la chorale de la ville, qui répète chaque semaine depuis le printemps.",
        name: "Jean Martin",
        items: [
            "La dose recommandée est de 5 mg.",
            "Ajoutez la pâte à biscuits lentement.",
            "Cet événement est parrainé par la mairie.",
        ],
    },
    Lang {
        code: "de",
        title: "Das Flussfest kehrt in diesem Sommer zurück",
        paras: [
            "Das Flussfest der Stadt findet im Juli nach zwei Jahren Pause wieder statt, mit Bootsrennen, Musik am Kai und einem Nachtmarkt an der alten Hafenmauer.",
            "Die Veranstalter erwarten mehr Besucher als je zuvor, und die Stadt hat späte Busse vom Bahnhof eingesetzt, damit alle bis zum Feuerwerk bleiben können.",
            "Die Schulen haben zwölf Holzboote für das Kinderrennen gebaut, das um zehn Uhr an der Brücke bei der Mühle beginnt.",
            "Karten für die Konzerte gibt es ab nächster Woche in der Bibliothek, und Kinder unter zwölf Jahren haben überall freien Eintritt.",
        ],
        frame: "Das Eröffnungskonzert leitet {} zusammen mit dem Stadtchor, der seit dem Frühjahr jede Woche geprobt hat.",
        name: "Anna Schmidt",
        items: [
            "Die empfohlene Dosis beträgt 5 mg.",
            "Geben Sie den Keksteig langsam hinzu.",
            "Diese Veranstaltung wurde von der Stadt gesponsert.",
        ],
    },
    Lang {
        code: "es",
        title: "La fiesta del río vuelve este verano",
        paras: [
            "La fiesta del río vuelve en julio después de dos años de pausa, con regatas, música en los muelles y un mercado nocturno junto al viejo puerto.",
            "Los organizadores esperan más visitantes que nunca, y el ayuntamiento ha añadido autobuses nocturnos desde la estación para que todos puedan ver los fuegos.",
            "Las escuelas han construido doce barcas de madera para la regata infantil, que sale a las diez de la mañana desde el puente del molino.",
            "Las entradas para los conciertos se venderán la próxima semana en la biblioteca, y los menores de doce años entran gratis a todo.",
        ],
        frame: "El concierto de apertura estará dirigido por {} junto con el coro de la ciudad, que ensaya cada semana desde la primavera.",
        name: "Lucía García",
        items: [
            "La dosis recomendada es de 5 mg.",
            "Añada la masa de galletas lentamente.",
            "Este evento fue patrocinado por el ayuntamiento.",
        ],
    },
    Lang {
        code: "zh",
        title: "河流节今年夏天回归",
        paras: [
            "小镇的河流节在停办两年之后将于七月回归，届时会有划船比赛、码头音乐会以及沿着旧港口城墙的夜市。",
            "主办方预计游客人数将创新高，市政府还增加了从火车站出发的夜间公交车，方便大家留下来观看周六的烟花。",
            "本地学校为少年组比赛建造了十二条木船，比赛将于上午十点从磨坊旁的桥边出发。",
            "音乐会门票将于下周在图书馆和游客中心发售，十二岁以下的儿童可以免费参加所有活动。",
        ],
        frame: "开幕音乐会将由{}与镇合唱团共同指挥，合唱团从春天起每周都在排练。",
        name: "王丽华",
        items: [
            "建议剂量为五毫克。",
            "慢慢加入饼干面团。",
            "本次活动由市政府赞助。",
        ],
    },
    Lang {
        code: "ar",
        title: "مهرجان النهر يعود هذا الصيف",
        paras: [
            "يعود مهرجان النهر في المدينة في شهر يوليو بعد توقف دام عامين، مع سباقات القوارب والموسيقى على الأرصفة وسوق ليلي بجانب سور الميناء القديم.",
            "يتوقع المنظمون عددا من الزوار أكبر من أي وقت مضى، وقد أضافت البلدية حافلات متأخرة من المحطة حتى يتمكن الجميع من البقاء لمشاهدة الألعاب النارية.",
            "بنت المدارس المحلية اثني عشر قاربا خشبيا لسباق الناشئين الذي يبدأ في العاشرة صباحا من الجسر القريب من الطاحونة.",
            "تطرح تذاكر الحفلات للبيع الأسبوع المقبل في المكتبة ومكتب السياحة، ويمكن للأطفال دون الثانية عشرة حضور جميع الفعاليات مجانا.",
        ],
        frame: "سيقود حفل الافتتاح {} مع جوقة المدينة التي تتدرب كل أسبوع منذ الربيع.",
        name: "ليلى حسن",
        items: [
            "الجرعة الموصى بها هي ٥ ملغ.",
            "أضف عجينة البسكويت ببطء.",
            "هذه الفعالية برعاية البلدية.",
        ],
    },
    Lang {
        code: "pl",
        title: "Święto rzeki wraca tego lata",
        paras: [
            "Miejskie święto rzeki wraca w lipcu po dwóch latach przerwy, z wyścigami łodzi, muzyką na nabrzeżu i nocnym targiem przy starym murze portowym.",
            "Organizatorzy spodziewają się rekordowej liczby gości, a miasto dodało późne autobusy z dworca, aby wszyscy mogli zostać na sobotni pokaz sztucznych ogni.",
            "Szkoły zbudowały dwanaście drewnianych łodzi na wyścig juniorów, który startuje o dziesiątej rano spod mostu przy młynie.",
            "Bilety na koncerty będą dostępne od przyszłego tygodnia w bibliotece, a dzieci do lat dwunastu wchodzą na wszystkie wydarzenia za darmo.",
        ],
        frame: "Koncert otwarcia poprowadzi {} razem z chórem miejskim, który ćwiczy co tydzień od wiosny.",
        name: "Ewa Nowak",
        items: [
            "Zalecana dawka to 5 mg.",
            "Powoli dodawaj ciasto na ciasteczka.",
            "To wydarzenie sponsoruje urząd miasta.",
        ],
    },
];

/// An article page: a site header and footer around an `<article>` holding
/// the paragraphs, with `inner` after the second paragraph.
fn page(l: &Lang, body_attrs: &str, inner: &str) -> String {
    let dir = if l.code == "ar" { " dir=\"rtl\"" } else { "" };
    let p = |s: &str| format!("<p>{s}</p>");
    format!(
        "<!doctype html><html lang=\"{}\"{dir}><head><title>{}</title></head><body{body_attrs}>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav></header>\
         <main><article><h1>{}</h1>{}{}{inner}{}{}</article></main>\
         <footer><a href=\"/about\">About</a> <a href=\"/contact\">Contact</a></footer></body></html>",
        l.code,
        l.title,
        l.title,
        p(l.paras[0]),
        p(l.paras[1]),
        p(l.paras[2]),
        p(l.paras[3])
    )
}

fn text_of(html: &str) -> String {
    extract(html.as_bytes(), None, None, &ExtractOptions::default())
        .expect("extracts")
        .text
}

/// What a reader sees of an HTML fragment: tags stripped.
fn visible(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn assert_sentence_whole(l: &Lang, inline: &str) {
    let sentence = l.frame.replace("{}", inline);
    let t = text_of(&page(l, "", &format!("<p>{sentence}</p>")));
    let want = visible(&sentence);
    assert!(
        t.contains(&want),
        "[{}] the sentence lost words: wanted {want:?} in\n{t}",
        l.code
    );
    for para in l.paras {
        assert!(t.contains(para), "[{}] lost a paragraph:\n{t}", l.code);
    }
}

#[test]
fn auto_tag_links_inside_a_sentence_are_kept() {
    for l in LANGS {
        let a = format!(
            "<a id=\"auto-tag_{0}\" class=\"tag\" href=\"/tag/x\">{0}</a>",
            l.name
        );
        assert_sentence_whole(l, &a);
        let a = format!(
            "<a class=\"tag-link related\" href=\"/people/x\">{}</a>",
            l.name
        );
        assert_sentence_whole(l, &a);
    }
}

#[test]
fn inline_elements_with_boilerplate_classes_inside_a_sentence_are_kept() {
    for l in LANGS {
        for inline in [
            format!("<button class=\"person-card\">{}</button>", l.name),
            format!("<span class=\"share social\">{}</span>", l.name),
            format!("<span class=\"sidebar-widget\">{}</span>", l.name),
            format!("<label class=\"menu\">{}</label>", l.name),
            format!("<strong class=\"newsletter\">{}</strong>", l.name),
        ] {
            assert_sentence_whole(l, &inline);
        }
    }
}

#[test]
fn list_items_of_prose_in_the_article_are_kept() {
    for l in LANGS {
        let list: String = l.items.iter().map(|i| format!("<li>{i}</li>")).collect();
        let t = text_of(&page(l, "", &format!("<ul>{list}</ul>")));
        for i in l.items {
            assert!(t.contains(i), "[{}] lost the list item {i:?}:\n{t}", l.code);
        }
    }
}

#[test]
fn an_in_article_table_with_a_subscribe_cell_is_kept() {
    let l = &LANGS[0];
    let table = "<table><tr><th>Day</th><th>Event</th><th>Place</th></tr>\
        <tr><td>Friday</td><td>Night market opens</td><td>Harbour wall</td></tr>\
        <tr><td>Saturday</td><td>Junior boat race</td><td>Mill bridge</td></tr>\
        <tr><td>Sunday</td><td>Closing concert</td><td>Town square</td></tr>\
        <tr><td colspan=\"3\">Subscribe to updates</td></tr></table>";
    let t = text_of(&page(l, "", table));
    for cell in ["Night market opens", "Junior boat race", "Closing concert"] {
        assert!(t.contains(cell), "lost the table cell {cell:?}:\n{t}");
    }
}

#[test]
fn page_level_classes_never_hide_the_page() {
    // A site builder's theme classes on <body> and <html>, some of which are
    // boilerplate words.
    let classes: String = (0..300)
        .map(|i| format!("tweak-option-{i} "))
        .chain(
            [
                "hide-opentable-icons",
                "has-sidebar",
                "sidebar-left",
                "footer-fixed",
                "newsletter-popup-enabled",
                "cookie-banner-on",
                "menu-overlay",
                "related-posts-enabled",
                "share-buttons",
                "hidden-header",
                "modal-open",
            ]
            .iter()
            .map(|c| format!("{c} ")),
        )
        .collect();
    for l in LANGS {
        let html = page(l, &format!(" class=\"{classes}\" id=\"sidebar\""), "");
        let html = html.replacen("<html ", &format!("<html class=\"{classes}\" "), 1);
        let t = text_of(&html);
        for para in l.paras {
            assert!(t.contains(para), "[{}] lost a paragraph:\n{t}", l.code);
        }
    }
}
