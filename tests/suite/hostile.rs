//! Nothing injected: filter-evasion vectors (after the OWASP XSS cheat sheet)
//! in every text field of the sources; the built pages, checked with an
//! HTML parser, carry no script, handler, dangerous URL, frame, form or style
//! from them. The submodules take the other hostile inputs: control
//! characters ([`characters`]), texts shaped to make the work explode
//! ([`limits`]) and numbers at the edges of the calendar ([`numbers`]).

mod characters;
mod limits;
mod numbers;

use scraper::{Html, Selector};

use crate::support::Project;

const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=\"https://evil.example\"><input name=q><button>go</button></form>",
    "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:red\">cover</div>",
    "<style>body{display:none}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))",
    "![x](javascript:alert(1)) <https://ok.example/?a=\"><script>alert(1)</script>>",
    "[x](<javascript:alert(1)>) [y]( javascript:alert(1) ) [z](JAVASCRIPT&colon;alert(1))",
    "\"><script>alert(1)</script>",
    "'}}{{ 7*7 }}{% raw %}{{ t }}",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\" javascript:alert('XSS');\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">entity</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61alert(1)\">hex</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a> <a href=\"livescript:alert(1)\">ls</a>",
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<button formaction=\"javascript:alert(1)\">b</button>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<table background=\"javascript:alert(1)\"><tr><td background=\"javascript:alert(1)\">t</td></tr></table>",
    "<td style=\"text-align:left;background:url(javascript:alert(1))\">cell</td>",
    "<div style=\"behavior: url(xss.htc);\">ie</div> <XSS STYLE=\"xss:expression(alert('XSS'))\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<a href=\"javascript&#58;alert(1)\">colon</a>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<template><script>alert(1)</script></template>",
    "<object type=\"text/x-scriptlet\" data=\"https://xss.example/scriptlet.html\"></object>",
    "<a href=\"https://ok.example/\" target=\"_top\" onclick=\"alert(1)\">target</a>",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)> <mailto:a@b.example> <https://ok.example/>",
    "\n\n## Heading {onclick=alert(1) .x style=background:red}\n\n",
];

/// Vectors that hide a control character in a URL: the loader refuses
/// them before any page is made (see [`characters`]), which
/// [`vectors_with_control_characters_are_refused_before_any_page_is_made`]
/// proves.
const REFUSED_VECTORS: &[&str] = &[
    "<a href=\" &#14;  javascript:alert('XSS');\">x</a>",
    "<a href=\"java\u{0}script:alert(1)\">nul</a>",
    "<a href=\"java&#0000009;script&#x0D;:alert(1)\">entities</a>",
    "[x](java\u{1b}script:alert(1))",
];

#[test]
fn vectors_with_control_characters_are_refused_before_any_page_is_made() {
    for vector in REFUSED_VECTORS {
        let project = Project::new().version(
            "1",
            "en",
            "effective: 2024-01-01",
            &format!("  - id: s\n    title: S\n    body: {}\n", quoted(vector)),
        );
        let output = project
            .privsite(&["build", "--today", "2024-01-02"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{vector}: {stderr}");
        assert!(
            stderr.starts_with("policies/acme/1/en.yaml:") && stderr.contains("error: `body` "),
            "{vector}: {stderr}"
        );
        assert!(!project.exists("acme/en/index.html"), "{vector}");
    }
}

/// A YAML double-quoted string holding `text`.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn no_text_field_can_inject_code_into_a_page() {
    let all = VECTORS.join("\n\n");
    let q = quoted(&all);
    // Titles, names and addresses are one line: the vectors' tabs and line
    // breaks become spaces there.
    let one_line = quoted(&VECTORS.join(" ").replace(['\t', '\n'], " "));
    let sections: String = VECTORS
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                "  - id: s{i}\n    title: {}\n    body: {}\n",
                quoted(&v.replace(['\t', '\n'], " ")),
                quoted(v)
            )
        })
        .collect();
    let project = Project::empty()
        .file("policies/site.yaml", &format!("title: {one_line}\nbase_url: https://legal.example.com/\nlocales:\n  en: {one_line}\n  fr: Français\n"))
        .file("policies/acme/policy.yaml", &format!("title: {one_line}\nowner: {one_line}\nannounce:\n  from: privacy@acme.example\n  to: list@acme.example\n"))
        .file("policies/acme/1/en.yaml", &format!("effective: 2024-01-01\ntitle: {one_line}\nsections:\n{sections}"))
        .file("policies/acme/2/en.yaml", &format!("effective: 2024-03-01\npublished: 2024-02-01\ntitle: {one_line}\nchange:\n  summary: {q}\nsections:\n{sections}  - id: extra\n    title: Extra\n    body: {q}\n"))
        .file("policies/acme/2/fr.yaml", &format!("title: {one_line}\nchange:\n  summary: {q}\nsections:\n  - id: s0\n    title: {one_line}\n    body: {q}\n"));
    let output = project
        .privsite(&["build", "--today", "2024-02-10"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let dangerous_url = |url: &str| {
        let cleaned: String = url
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_lowercase();
        ["javascript:", "vbscript:", "data:"]
            .iter()
            .any(|s| cleaned.starts_with(s))
    };
    let mut checked = 0;
    for file in project
        .site_files()
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml") || f.ends_with(".eml"))
    {
        let text = project.read(file);
        if file.ends_with(".html") {
            let html = Html::parse_document(&text);
            let all = Selector::parse("*").unwrap();
            for element in html.select(&all) {
                let name = element.value().name();
                assert!(
                    ![
                        "iframe", "frame", "frameset", "object", "embed", "form", "input",
                        "button", "style", "base", "meta", "template"
                    ]
                    .contains(&name)
                        || (name == "meta" && element.value().attr("http-equiv").is_none()),
                    "{file}: <{name}> from the sources"
                );
                if name == "script" {
                    // Only the notice's own, fixed script may be there.
                    assert!(file.ends_with("notice.html"), "{file}: a script");
                    assert!(
                        element
                            .inner_html()
                            .starts_with("(function(){var s=document.currentScript"),
                        "{file}"
                    );
                }
                for (attribute, value) in element.value().attrs() {
                    assert!(
                        !attribute.starts_with("on") && attribute != "srcdoc",
                        "{file}: <{name} {attribute}>"
                    );
                    if [
                        "href",
                        "src",
                        "action",
                        "formaction",
                        "data",
                        "background",
                        "poster",
                        "xlink:href",
                        "srcset",
                        "ping",
                    ]
                    .contains(&attribute)
                    {
                        assert!(
                            !dangerous_url(value),
                            "{file}: <{name} {attribute}=\"{value}\">"
                        );
                    }
                    if attribute == "style" {
                        // Table cells may keep their alignment, and nothing else.
                        let ours = file.ends_with("notice.html")
                            || value
                                .split(';')
                                .filter(|d| !d.trim().is_empty())
                                .all(|d| d.trim_start().starts_with("text-align"));
                        assert!(ours, "{file}: <{name} style=\"{value}\">");
                    }
                }
            }
            checked += 1;
        }
        // The template syntax in the sources stays text.
        assert!(
            !text.contains(">49<"),
            "{file}: a template expression was evaluated"
        );
    }
    assert!(checked > 10, "{checked} pages checked");
    // The vectors did reach the pages, as text.
    assert!(
        project
            .read("acme/en/index.html")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}
