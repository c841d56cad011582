//! The diesel view of the schema, written by hand in types both backends share (see
//! `migrations/postgres` and `migrations/sqlite`; the `schema_matches_migrations` test keeps the
//! three in step). Search columns (`search_vector`, the FTS5 tables) are backend-specific and
//! deliberately absent: search queries are the one place that matches on the backend.

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        location -> Text,
        password_hash -> Text,
        email_verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        trusted_commenter -> Bool,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> BigInt,
        role -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    conventions (id) {
        id -> BigInt,
        slug -> Text,
        number -> Nullable<Integer>,
        title -> Text,
        location -> Text,
        starts_on -> Date,
        ends_on -> Date,
        discussion_opens_at -> Timestamp,
        discussion_closes_at -> Timestamp,
        word_limit -> Integer,
        homepage_text -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submission_deadline_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    disclaimers (id) {
        id -> BigInt,
        convention_id -> BigInt,
        version -> Integer,
        body -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        /// `None`: the discussion's default language.
        language -> Nullable<Text>,
    }
}

diesel::table! {
    convention_translations (convention_id, language) {
        convention_id -> BigInt,
        language -> Text,
        title -> Nullable<Text>,
        homepage_text -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    submissions (id) {
        id -> BigInt,
        convention_id -> BigInt,
        author_id -> BigInt,
        status -> Text,
        title -> Text,
        current_revision -> Integer,
        assigned_editor_id -> Nullable<BigInt>,
        claimed_at -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        publish_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        topic_id -> Nullable<BigInt>,
        reply_to_article_id -> Nullable<BigInt>,
        language -> Text,
        priority -> Integer,
        form_key -> Nullable<Text>,
        author_kind -> Text,
    }
}

diesel::table! {
    revisions (id) {
        id -> BigInt,
        submission_id -> BigInt,
        number -> Integer,
        title -> Text,
        body_markdown -> Text,
        byline_name -> Text,
        byline_location -> Text,
        tags -> Text,
        word_count -> Integer,
        created_at -> Timestamp,
        byline_state -> Nullable<Text>,
        byline_club -> Nullable<Text>,
        byline_district -> Nullable<Text>,
        author_kind -> Text,
        video_url -> Nullable<Text>,
        body_html -> Text,
        body_text -> Text,
    }
}

diesel::table! {
    review_events (id) {
        id -> BigInt,
        submission_id -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        visibility -> Nullable<Text>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    articles (id) {
        id -> BigInt,
        submission_id -> Nullable<BigInt>,
        convention_id -> BigInt,
        revision_id -> BigInt,
        disclaimer_id -> BigInt,
        slug -> Text,
        title -> Text,
        byline_name -> Text,
        byline_location -> Text,
        body_html -> Text,
        body_text -> Text,
        status -> Text,
        published_at -> Timestamp,
        unpublished_at -> Nullable<Timestamp>,
        unpublish_reason -> Nullable<Text>,
        topic_id -> Nullable<BigInt>,
        reply_to_article_id -> Nullable<BigInt>,
        language -> Text,
        byline_state -> Nullable<Text>,
        byline_club -> Nullable<Text>,
        byline_district -> Nullable<Text>,
        author_kind -> Text,
        video_url -> Nullable<Text>,
        is_digest -> Bool,
        search_title -> Nullable<Text>,
        search_body -> Nullable<Text>,
    }
}

diesel::table! {
    article_tags (article_id, tag) {
        article_id -> BigInt,
        tag -> Text,
    }
}

diesel::table! {
    questions (id) {
        id -> BigInt,
        asker_name -> Text,
        asker_email -> Text,
        body -> Text,
        topic -> Text,
        status -> Text,
        headline -> Nullable<Text>,
        slug -> Nullable<Text>,
        moderation_note -> Nullable<Text>,
        created_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        search_headline -> Nullable<Text>,
        search_body -> Nullable<Text>,
        asker_language -> Nullable<Text>,
    }
}

diesel::table! {
    answers (id) {
        id -> BigInt,
        question_id -> BigInt,
        body_markdown -> Text,
        body_html -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        status -> Text,
        followup_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    answer_authors (answer_id, user_id) {
        answer_id -> BigInt,
        user_id -> BigInt,
        status -> Text,
    }
}

diesel::table! {
    followups (id) {
        id -> BigInt,
        question_id -> BigInt,
        asker_name -> Text,
        asker_email -> Text,
        body -> Text,
        status -> Text,
        created_at -> Timestamp,
        moderated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        idempotency_key -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        headers -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        submission_id -> Nullable<BigInt>,
        purpose -> Text,
        claimed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttles (bucket) {
        bucket -> Text,
        window_started_at -> Timestamp,
        hits -> Integer,
    }
}

diesel::table! {
    topics (id) {
        id -> BigInt,
        convention_id -> BigInt,
        slug -> Text,
        title -> Text,
        framing -> Text,
        position -> Integer,
        framing_html -> Text,
    }
}

diesel::table! {
    topic_translations (topic_id, language) {
        topic_id -> BigInt,
        language -> Text,
        title -> Nullable<Text>,
        framing -> Nullable<Text>,
        framing_html -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    digest_parts (article_id, position) {
        article_id -> BigInt,
        submission_id -> BigInt,
        revision_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    setup_tokens (token_hash) {
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    site_settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    subscribers (id) {
        id -> BigInt,
        convention_id -> BigInt,
        email -> Text,
        status -> Text,
        confirm_token_hash -> Text,
        unsubscribe_token -> Text,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        unsubscribed_at -> Nullable<Timestamp>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    digest_runs (convention_id, day) {
        convention_id -> BigInt,
        day -> Date,
        since -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        article_id -> BigInt,
        user_id -> BigInt,
        body -> Text,
        status -> Text,
        created_at -> Timestamp,
        moderated_at -> Nullable<Timestamp>,
        moderated_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    editor_topics (user_id, topic_id) {
        user_id -> BigInt,
        topic_id -> BigInt,
    }
}

diesel::table! {
    editor_preferences (user_id) {
        user_id -> BigInt,
        daily_reminder -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reminder_runs (user_id, day) {
        user_id -> BigInt,
        day -> Date,
        sent -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    review_reasons (id) {
        id -> BigInt,
        convention_id -> BigInt,
        kind -> Text,
        name -> Text,
        body -> Text,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mail_suppressions (address) {
        address -> Text,
        reason -> Text,
        diagnostic -> Text,
        outbox_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    review_reason_seeds (convention_id) {
        convention_id -> BigInt,
    }
}

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(user_tokens -> users (user_id));
diesel::joinable!(disclaimers -> conventions (convention_id));
diesel::joinable!(submissions -> conventions (convention_id));
diesel::joinable!(revisions -> submissions (submission_id));
diesel::joinable!(review_events -> submissions (submission_id));
diesel::joinable!(articles -> conventions (convention_id));
diesel::joinable!(articles -> disclaimers (disclaimer_id));
diesel::joinable!(article_tags -> articles (article_id));
diesel::joinable!(answers -> questions (question_id));
diesel::joinable!(answer_authors -> answers (answer_id));
diesel::joinable!(answer_authors -> users (user_id));
diesel::joinable!(followups -> questions (question_id));
diesel::joinable!(topics -> conventions (convention_id));
diesel::joinable!(convention_translations -> conventions (convention_id));
diesel::joinable!(topic_translations -> topics (topic_id));
diesel::joinable!(review_reasons -> conventions (convention_id));
diesel::joinable!(digest_parts -> articles (article_id));
diesel::joinable!(subscribers -> conventions (convention_id));
diesel::joinable!(comments -> articles (article_id));
diesel::joinable!(comments -> users (user_id));
diesel::joinable!(editor_topics -> topics (topic_id));
diesel::joinable!(editor_preferences -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_roles,
    sessions,
    user_tokens,
    conventions,
    disclaimers,
    submissions,
    revisions,
    review_events,
    articles,
    article_tags,
    questions,
    answers,
    answer_authors,
    followups,
    outbox,
    throttles,
    topics,
    convention_translations,
    topic_translations,
    digest_parts,
    setup_tokens,
    site_settings,
    subscribers,
    digest_runs,
    comments,
    server_secrets,
    editor_topics,
    editor_preferences,
    reminder_runs,
    review_reasons,
    review_reason_seeds,
    mail_suppressions,
);
