//! The first run in a real browser: the person who installed Tribune finds the site "not set up",
//! opens the link the server printed, names the site, makes themselves its admin and opens the
//! first convention; the link is refused after that, and on a site that already has an admin.
//! Then the admin gives the site its footer and an appeal on /admin, and every page shows them.
//! axe-core checks the pages on the way.

mod common;

#[path = "common/browser.rs"]
mod browser;

use browser::{Person, Step};
use tribune::domain::user::Role;

use common::{PASSWORD, TestApp};

fn in_days(days: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() + chrono::TimeDelta::days(days)
}

async fn setting_up(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let link = app.setup_path();
    person.open("/").await?;
    person.sees("This site is not set up yet").await?;
    person.passes_axe("the home page of a site with no admin").await?;

    person.open(&link).await?;
    person.sees("Set up this site").await?;
    person.passes_axe("the setup page").await?;
    person.type_into("organisation", "Riverside Socialists").await?;
    person.type_into("site_title", "Riverside Tribune").await?;
    person.type_into("display_name", "Rosa Admin").await?;
    person.type_into("email", "rosa@example.org").await?;
    person.type_into("location", "Riverside").await?;
    person.type_into("password", "short").await?;
    person.click("input[name='open_convention']").await?;
    person.type_into("convention_title", "The 31st Riverside Convention").await?;
    person.type_into("convention_location", "Riverside Hall").await?;
    person.pick_time("starts_on", &in_days(90).format("%Y-%m-%d").to_string()).await?;
    person.pick_time("ends_on", &in_days(91).format("%Y-%m-%d").to_string()).await?;
    person.pick_time("discussion_opens_at", &in_days(-1).format("%Y-%m-%dT%H:%M").to_string()).await?;
    person.pick_time("discussion_closes_at", &in_days(60).format("%Y-%m-%dT%H:%M").to_string()).await?;
    person.type_into("disclaimer", "The views expressed are their authors' own, not the organisation's.").await?;
    person.type_into("topics", "Housing\nThe union drive").await?;
    person.click("main form button[type=submit]").await?;

    // A password too short: said beside it, and everything else is still there.
    person.sees("Nothing was set up yet").await?;
    person.finds("#password-error").await?;
    if person.value_of("convention_title").await? != "The 31st Riverside Convention" {
        return Err("the convention's title was lost when the form came back".into());
    }
    person.passes_axe("the setup page with an error").await?;
    person.type_into("password", PASSWORD).await?;
    person.click("main form button[type=submit]").await?;
    person.sees("The site is set up, the convention is open, and you are signed in as its admin.").await?;
    person.sees("Signed in as Rosa Admin").await?;
    person.passes_axe("the admin page after the setup").await?;

    // The convention is open, under the organisation's own name.
    person.open("/").await?;
    person.sees("The 31st Riverside Convention").await?;
    person.sees("The discussion is open until").await?;
    person.sees("Riverside Tribune, the convention discussion of Riverside Socialists").await?;

    // The link works once.
    person.open(&link).await?;
    person.sees("This site is set up already").await?;

    // The footer and an appeal, on /admin; every page carries them.
    person.open("/admin").await?;
    person.type_into("footer", "Published by the Riverside Socialists, 12 Mill Lane, Riverside.").await?;
    person.type_into("call_to_action_1_text", "For a fairer city: join the members who make this discussion.").await?;
    person.type_into("call_to_action_1_label", "Join now").await?;
    person.type_into("call_to_action_1_url", "https://example.org/join").await?;
    person.click("#form-site button[type=submit]").await?;
    person.sees("settings are saved").await?;
    for path in ["/", "/mailbag", "/conventions/the-31st-riverside-convention/discussion", "/me/submissions", "/admin"]
    {
        person.open(path).await?;
        person.sees("Published by the Riverside Socialists, 12 Mill Lane, Riverside.").await?;
        let brand = person.client.find(fantoccini::Locator::Css("header .brand")).await.map_err(|e| e.to_string())?;
        let brand = brand.text().await.map_err(|e| e.to_string())?;
        if brand != "Riverside Tribune" {
            return Err(format!("{path}: the header says {brand:?}"));
        }
    }
    person.sign_out().await?;
    person.open("/login").await?;
    person.sees("Published by the Riverside Socialists, 12 Mill Lane, Riverside.").await?;
    Ok(())
}

async fn too_late(app: &TestApp, person: &Person<'_>) -> Step<()> {
    let link = app.setup_path();
    app.create_user("cli-admin@example.org", &[Role::Admin]);
    person.open("/").await?;
    if person.text().await?.contains("not set up") {
        return Err("the home page still says the site is not set up".into());
    }
    person.open(&link).await?;
    person.sees("This site is set up already").await?;
    person.passes_axe("the refused setup link").await
}

on_both_backends! {
    async fn the_installer_sets_the_site_up_once_and_names_it_on_every_page(backend) {
        let app = TestApp::spawn(backend).await;
        browser::walk(&app, &format!("first-run-{backend:?}"), async |person| setting_up(&app, person).await).await;
    }

    async fn the_setup_link_is_refused_once_an_admin_exists(backend) {
        let app = TestApp::spawn(backend).await;
        browser::walk(&app, &format!("first-run-late-{backend:?}"), async |person| too_late(&app, person).await).await;
    }
}
