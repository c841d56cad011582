//! `tribune demo`: original demo content (written for this project), so a new site shows a living
//! discussion at once: a convention with its disclaimer, people in every role, and essays in every
//! state of the lifecycle, a few of them published. Everything goes through the same services as
//! the web, so the audit trail is real. Loading twice changes nothing.

use std::io::Write;

use chrono::{Duration, Utc};

use crate::app::Services;
use crate::domain::DomainError;
use crate::domain::accounts::{NewAccount, create_account};
use crate::domain::comments::Moderation;
use crate::domain::convention::{self, ConventionInput, TopicInput};
use crate::domain::mailbag::{Channel, QuestionInput};
use crate::domain::policy::Actor;
use crate::domain::review::Publication;
use crate::domain::submission::EssayInput;
use crate::domain::user::{DisplayName, EmailAddress, Location, Password, PasswordCost, Role};
use crate::storage::{self, conventions, outbox};

const SLUG: &str = "31st-national";
/// Demo accounts live under a reserved domain; their mail is marked delivered, never sent.
pub const DEMO_DOMAIN: &str = "demo.invalid";
pub const DEMO_PASSWORD: &str = "tribune-demo-2026";

const DISCLAIMER: &str = "The views expressed in the convention discussion are those of the authors. \
They do not necessarily reflect the positions of the organisation, its leadership or the editors, \
who publish contributions to encourage a broad and comradely exchange before the convention.";

const HOMEPAGE: &str = "Every member may contribute to the pre-convention discussion. Essays are read by \
the discussion editors and published here with the names and home towns of their authors.";

struct Essay {
    author: usize,
    title: &'static str,
    byline: (&'static str, &'static str),
    tags: &'static [&'static str],
    body: &'static str,
    topic: &'static str,
    language: &'static str,
    author_kind: &'static str,
    video: Option<&'static str>,
    /// The index in `ESSAYS` of the piece this one replies to.
    replies_to: Option<usize>,
    end: End,
}

/// Where a demo essay's story stops.
#[derive(Clone, Copy)]
enum End {
    Draft,
    Submitted,
    InReview,
    ChangesRequested,
    Scheduled,
    Published,
    Rejected,
    Withdrawn,
    /// Approved and held, to go out in a digest of short pieces.
    Held,
}

/// The discussion's topics: (slug, title, framing text).
const TOPICS: [(&str, &str, &str); 2] = [
    (
        "organising",
        "Organising where we work and live",
        "How do our clubs grow, and where should members put their time in the next four years? \
Contributions on workplaces, neighbourhoods and the life of the clubs belong here.",
    ),
    (
        "programme",
        "The draft programme",
        "The national committee's draft programme is before the convention. Contributions on its \
chapters, and proposals to amend them, belong here.",
    ),
];

const ESSAYS: &[Essay] = &[
    Essay {
        author: 0,
        title: "Organising the warehouses along the river",
        byline: ("Dolores Fairchild", "Milwaukee"),
        tags: &["labor", "organizing"],
        body: "Ten years ago the river front was breweries and machine shops. Today it is warehouses, \
and the people who work in them change jobs every few months.\n\n## What we learned\n\nOur club spent \
a winter handing out coffee at shift change. We did not lead with a programme; we asked what the \
worst part of the week was. The answer, nearly every time, was the schedule: shifts posted on Friday \
for Monday.\n\n> A union is not a building. It is people who trust each other enough to act together.\n\n\
We propose that the convention make warehouse and logistics organising a national priority, with a \
small fund for clubs that commit members to it for at least a year.",
        topic: "organising",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 1,
        title: "Why our clubs should meet in libraries",
        byline: ("Tomás Reyes", "Racine"),
        tags: &["clubs", "organizing"],
        body: "Most of our clubs meet in living rooms. That is warm, but it is also closed: nobody walks \
in by chance.\n\nPublic libraries have free rooms, step-free access and a bus stop outside. Meeting \
there says that the club is part of the neighbourhood.\n\n- Book the room a season ahead.\n- Put a \
sign on the door with the topic, not just the club's name.\n- Leave ten minutes for newcomers to \
speak first.\n\nThree clubs in our district tried this last year. Two of them doubled their \
attendance.",
        topic: "organising",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 2,
        title: "Climate work is labour work",
        byline: ("Grace Okafor", "Madison"),
        tags: &["climate", "labor"],
        body: "The draft resolution treats climate as a separate chapter. It should run through every \
chapter.\n\nWhen a coal plant closes, the question is not only emissions; it is pensions, retraining \
and the tax base of a small town. The people best placed to answer it are the workers in the plant \
and their union.\n\nI ask the convention to add one sentence to each section of the resolution: how \
does this part of our work meet the climate crisis?",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 3,
        title: "A reply on tenants' unions",
        byline: ("Sam Whitfield", "Green Bay"),
        tags: &["housing", "organizing"],
        body: "Tenants' unions are often described as the housing version of a trade union. The \
comparison helps, but it hides one difference: a landlord cannot move the building.\n\nThat gives \
tenants a kind of strength that warehouse workers lack, and our clubs should learn to use it. A \
building committee that meets monthly, keeps a list of repairs and goes to the housing court \
together wins more than any leaflet.",
        topic: "organising",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 0,
        title: "Notes on the membership drive",
        byline: ("Dolores Fairchild", "Milwaukee"),
        tags: &["clubs"],
        body: "The membership drive reached its goal in the cities and missed it everywhere else. \
This note asks why, and proposes a smaller, slower drive in rural districts led by members who live \
there.",
        topic: "organising",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Scheduled,
    },
    Essay {
        author: 1,
        title: "On the length of convention reports",
        byline: ("Tomás Reyes", "Racine"),
        tags: &["convention"],
        body: "Reports to the last convention ran to ninety pages. Few delegates read them before \
arriving. I propose a two-page summary at the head of every report, written for a member who has \
twenty minutes on the bus.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::InReview,
    },
    Essay {
        author: 2,
        title: "Youth and the weekend school",
        byline: ("Grace Okafor", "Madison"),
        tags: &["education"],
        body: "Our weekend school had forty students and no follow-up. A year later we could find \
six of them. Education without a place in a club afterwards is a lecture, not a school.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::ChangesRequested,
    },
    Essay {
        author: 3,
        title: "A proposal for a discussion bulletin in Spanish",
        byline: ("Sam Whitfield", "Green Bay"),
        tags: &["languages"],
        body: "Many of our newest members read Spanish first. The discussion bulletin should appear in \
both languages, with translations done by volunteers and checked by a second reader.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Submitted,
    },
    Essay {
        author: 0,
        title: "Everything wrong with the last convention, in full",
        byline: ("Dolores Fairchild", "Milwaukee"),
        tags: &["convention"],
        body: "A long list of grievances about seating, catering and the microphones, none of which \
bear on the draft resolutions before us.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Rejected,
    },
    Essay {
        author: 1,
        title: "First thoughts on the party press",
        byline: ("Tomás Reyes", "Racine"),
        tags: &["press"],
        body: "A first draft about the press, not yet ready to send.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Draft,
    },
    Essay {
        author: 2,
        title: "A piece I decided not to send",
        byline: ("Grace Okafor", "Madison"),
        tags: &[],
        body: "I wrote this in a hurry after a long meeting and thought better of it.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Withdrawn,
    },
    Essay {
        author: 1,
        title: "La discusión también en español",
        byline: ("Tomás Reyes", "Racine"),
        tags: &["languages", "clubs"],
        body: "Muchos de nuestros nuevos miembros leen primero en español. Proponemos que cada club \
tenga al menos una reunión al mes en los dos idiomas, y que el boletín de la discusión se publique \
en ambos.",
        topic: "organising",
        language: "es",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 2,
        title: "A talk on the history of the eight-hour day",
        byline: ("Grace Okafor", "Madison"),
        tags: &["history", "labor"],
        body: "A recording of the talk given at the district school in March: forty minutes on how the \
eight-hour day was won, followed by questions from the members present.",
        topic: "programme",
        language: "en",
        author_kind: "member",
        video: Some("https://www.youtube.com/watch?v=tribune-demo"),
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 3,
        title: "A reply on the warehouses: start with the drivers",
        byline: ("Sam Whitfield", "Green Bay"),
        tags: &["labor", "organizing"],
        body: "The essay on the river warehouses is right about the schedules, but the drivers who \
come and go every day are the ones who know every site. Start with them.",
        topic: "organising",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: Some(0),
        end: End::Published,
    },
    Essay {
        author: 0,
        title: "Statement of the Riverside Club",
        byline: ("Riverside Club", "Milwaukee"),
        tags: &["clubs"],
        body: "The Riverside Club supports the proposal for a warehouse organising fund and offers to \
host the first training weekend.",
        topic: "organising",
        language: "en",
        author_kind: "body",
        video: None,
        replies_to: None,
        end: End::Published,
    },
    Essay {
        author: 1,
        title: "One more reading room",
        byline: ("Tomás Reyes", "Racine"),
        tags: &["clubs"],
        body: "Our club opened a small reading room above the bakery on Main Street. Visitors welcome.",
        topic: "organising",
        language: "en",
        author_kind: "member",
        video: None,
        replies_to: None,
        end: End::Held,
    },
    Essay {
        author: 2,
        title: "Bring a neighbour",
        byline: ("June Whitaker", "Kenosha"),
        tags: &["clubs"],
        body: "A friend of the club here: I brought a neighbour to the last meeting, and she stayed.",
        topic: "organising",
        language: "en",
        author_kind: "non_member",
        video: None,
        replies_to: None,
        end: End::Held,
    },
];

/// Readers' questions: (asker, question, an expert's answer, the headline if published).
const QUESTIONS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "Marta Lindqvist",
        "Why does the organisation hold its convention only every four years? Would a shorter gap not keep members closer to the decisions?",
        "The constitution sets four years because a convention is the end of a long discussion in the clubs, \
not a single meeting. Between conventions the national committee meets twice a year and every club can \
send resolutions to it. A shorter gap would mean a shorter pre-convention discussion, and that is where \
most members take part.",
        Some("Why a convention every four years?"),
    ),
    (
        "Joe Baptiste",
        "Where does the word 'comrade' come from, and is it still the right word to use in our meetings today?",
        "It comes from the Spanish *camarada*, people who share a room, and reached English through the labour \
movements of the nineteenth century. Clubs use it as they like; what matters is the respect it stands for.",
        Some("Where does 'comrade' come from?"),
    ),
    (
        "Priya Raman",
        "Can a member belong to two clubs at once if they live in one city and work in another?",
        "The rules say one club, but a member may attend the meetings of any club as a guest.",
        None,
    ),
];

fn actor(id: i64, roles: &[Role]) -> Actor {
    Actor { user_id: id, roles: roles.to_vec(), email_verified: true }
}

/// Loads the demo, reporting each step on `progress`.
pub async fn load(services: &Services, cost: PasswordCost, progress: &mut dyn Write) -> Result<(), DomainError> {
    let mut report = |line: &str| {
        // Progress is a courtesy to the operator; a closed terminal must not abort the load.
        let _ = writeln!(progress, "{line}");
    };
    let db = &services.db;
    if db.read(|conn| Ok::<_, DomainError>(conventions::id_by_slug(conn, SLUG)?)).await?.is_some() {
        report("demo: already loaded, nothing to do");
        return Ok(());
    }
    let total = 3 + ESSAYS.len();
    report(&format!("demo: [1/{total}] people"));
    let password = Password::parse(DEMO_PASSWORD).map_err(|m| DomainError::Internal(m.to_string()))?;
    let hash = cost.hash(&password).map_err(DomainError::Internal)?;
    let people: [(&str, &str, &str, &[Role]); 8] = [
        ("admin", "Ada Admin", "Chicago", &[Role::Admin, Role::Member]),
        ("editor", "Eli Editor", "Chicago", &[Role::Editor, Role::Member]),
        ("editor2", "Rosa Editor", "Detroit", &[Role::Editor]),
        ("expert", "Dr. Imani Expert", "Minneapolis", &[Role::Expert]),
        ("dolores", "Dolores Fairchild", "Milwaukee", &[Role::Member]),
        ("tomas", "Tomás Reyes", "Racine", &[Role::Member]),
        ("grace", "Grace Okafor", "Madison", &[Role::Member]),
        ("sam", "Sam Whitfield", "Green Bay", &[Role::Member]),
    ];
    let mut ids = Vec::new();
    for (local, name, place, roles) in people {
        let account = NewAccount {
            email: EmailAddress::parse(&format!("{local}@{DEMO_DOMAIN}"))
                .map_err(|m| DomainError::Internal(m.to_string()))?,
            display_name: DisplayName::parse(name).map_err(|m| DomainError::Internal(m.to_string()))?,
            location: Location::parse(place).map_err(|m| DomainError::Internal(m.to_string()))?,
            password_hash: hash.clone(),
            roles: roles.to_vec(),
            verified: true,
        };
        ids.push(db.write(move |conn| create_account(conn, &account)).await?);
    }
    let admin = actor(ids[0], &[Role::Admin]);
    let editor = actor(ids[1], &[Role::Editor]);
    let authors: Vec<Actor> = ids[4..].iter().map(|id| actor(*id, &[Role::Member])).collect();

    report(&format!("demo: [2/{total}] convention and disclaimer"));
    let opened = storage::now() - Duration::days(20);
    let starts_on = Utc::now().date_naive() + Duration::days(60);
    let input = ConventionInput {
        slug: Some(SLUG.into()),
        number: Some("31".into()),
        title: Some("31st National Convention".into()),
        location: Some("Milwaukee".into()),
        starts_on: Some(starts_on.to_string()),
        ends_on: Some((starts_on + Duration::days(2)).to_string()),
        discussion_opens_at: Some(opened.and_utc().to_rfc3339()),
        discussion_closes_at: Some((opened + Duration::days(70)).and_utc().to_rfc3339()),
        word_limit: Some("1500".into()),
        homepage_text: Some(HOMEPAGE.into()),
        submission_deadline_at: None,
    };
    services.conventions.create(Some(&admin), input).await?;
    db.write(|conn| convention::add_disclaimer(conn, SLUG, DISCLAIMER, None)).await?;

    for (slug, title, framing) in TOPICS {
        let input = TopicInput {
            slug: Some(slug.to_string()),
            title: Some(title.to_string()),
            framing: Some(framing.to_string()),
            position: None,
        };
        services.conventions.save_topic(Some(&admin), SLUG, input).await?;
    }
    let mut published: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    let mut held = Vec::new();
    for (n, essay) in ESSAYS.iter().enumerate() {
        report(&format!("demo: [{}/{total}] {}", n + 3, essay.title));
        let author = &authors[essay.author];
        let input = EssayInput {
            convention: Some(SLUG.into()),
            title: Some(essay.title.into()),
            body: Some(essay.body.into()),
            byline_name: Some(essay.byline.0.into()),
            byline_location: Some(essay.byline.1.into()),
            tags: Some(essay.tags.iter().map(|t| t.to_string()).collect()),
            topic: Some(essay.topic.into()),
            language: Some(essay.language.into()),
            author_kind: Some(essay.author_kind.into()),
            video_url: essay.video.map(str::to_string),
            reply_to: essay.replies_to.and_then(|i| published.get(&i).cloned()),
            ..EssayInput::default()
        };
        let id = services.submissions.create(Some(author), input, None).await?.id;
        if matches!(essay.end, End::Draft) {
            continue;
        }
        if matches!(essay.end, End::Withdrawn) {
            services.submissions.withdraw(Some(author), id).await?;
            continue;
        }
        services.submissions.submit(Some(author), id).await?;
        if matches!(essay.end, End::Submitted) {
            continue;
        }
        services.review.claim(Some(&editor), id).await?;
        match essay.end {
            End::ChangesRequested => {
                let ask = "Could you end with a concrete proposal for the convention to vote on?";
                services.review.request_changes(Some(&editor), id, ask).await?;
            }
            End::Published => {
                let approved = services.review.approve(Some(&editor), id, Publication::Now).await?;
                published.extend(approved.article_slug.map(|slug| (n, slug)));
            }
            End::Held => {
                services.review.approve(Some(&editor), id, Publication::HoldForDigest).await?;
                held.push(id);
            }
            End::Scheduled => {
                services.review.approve(Some(&editor), id, Publication::At(storage::now() + Duration::days(2))).await?;
            }
            End::Rejected => {
                let reason = "It is outside the scope of the convention discussion.";
                services.review.reject(Some(&editor), id, reason).await?;
            }
            _ => {}
        }
    }
    services.review.publish_digest(Some(&editor), "Short contributions from the clubs", held).await?;
    if let Some(first) = published.get(&0) {
        let comment = services
            .comments
            .post(Some(&authors[1]), first, "Our club would join a regional training weekend on this.")
            .await?;
        services.comments.moderate(Some(&editor), comment.id, Moderation::Approve).await?;
    }
    report(&format!("demo: [{total}/{total}] mailbag, and marking demo mail as delivered"));
    let expert = actor(ids[3], &[Role::Expert]);
    for (n, (asker, question, _, _)) in QUESTIONS.iter().enumerate() {
        let input = QuestionInput {
            name: asker.to_string(),
            email: format!("reader{n}@{DEMO_DOMAIN}"),
            body: question.to_string(),
            topic: "History".into(),
            website: String::new(),
        };
        services.mailbag.ask(input, (&format!("demo-{n}"), crate::i18n::Lang::En), Channel::Api).await?;
    }
    let pending = services.mailbag.inbox(Some(&editor), None, None, None).await?.items;
    for (question, (_, _, answer, headline)) in pending.iter().zip(QUESTIONS) {
        services.mailbag.answer(Some(&expert), question.id, answer, Vec::new(), None).await?;
        if let Some(headline) = headline {
            services.mailbag.publish(Some(&editor), question.id, headline).await?;
        }
    }
    db.write(|conn| Ok::<_, DomainError>(outbox::skip_domain(conn, DEMO_DOMAIN, storage::now())?)).await?;
    report(&format!(
        "demo: done. Sign in as admin@{DEMO_DOMAIN}, editor@{DEMO_DOMAIN}, expert@{DEMO_DOMAIN} or dolores@{DEMO_DOMAIN} with the password {DEMO_PASSWORD}"
    ));
    Ok(())
}
