## What Tribune says is wrong: a field's problem (beside the field, on every form), a conflict
## with what changed meanwhile, a refusal. The JSON API says them in English.


## It changed meanwhile.
conflict-another-editor-has-already-claimed-this = Another editor has already claimed this submission.
conflict-another-editor-has-claimed-this-submission = Another editor has claimed this submission.
conflict-cannot-be-edited = A submission that is { $status } cannot be edited.
conflict-comment-cannot-be = A comment that is { $status } cannot be { $done }.
conflict-deadline-passed = The deadline for submissions to the { $convention } has passed.
conflict-discussion-closed = The discussion for the { $convention } is not open for submissions.
conflict-moved-on = The piece has moved on since ({ $action } by { $who } on { $at }); that can no longer be undone.
conflict-not-held-for-digest = "{ $title }" is not an approved piece held for a digest.
conflict-not-scheduled = A submission that is { $status } is not scheduled for publication.
conflict-nothing-done-this-piece-can-undone = Nothing done to this piece can be undone.
conflict-only-dead-letter-can-retried = Only a dead letter can be retried.
conflict-only-editor-who-released-it-can = Only the editor who released it can undo the release; claim it to review it yourself.
conflict-question-cannot-be = A question that is { $status } cannot be { $done }.
conflict-submission-cannot-be = A submission that is { $status } cannot be { $done }.
conflict-that-was-already-undone-there-nothing = That was already undone; there is nothing more to undo.
conflict-the-last-admin-cannot-lose-admin = The last admin cannot lose the admin role.
conflict-the-question-changed-meanwhile-reload-it = The question changed meanwhile; reload it.
conflict-the-question-changed-while-you-answered = The question changed while you answered; reload it and answer again.
conflict-the-submission-changed-meanwhile-reload-it = The submission changed meanwhile; reload it.
conflict-this-answer-has-already-been-moderated = This answer has already been moderated.
conflict-this-convention-has-no-disclaimer-yet = This convention has no disclaimer yet; an admin must add one before anything is published.
conflict-this-convention-has-no-disclaimer-yet-2 = This convention has no disclaimer yet.
conflict-this-follow-up-has-already-been = This follow-up has already been moderated.
conflict-this-piece-held-for-digest-not = This piece is held for a digest, not scheduled; publish it with a digest from the queue.
conflict-this-site-set-up-already-its = This site is set up already: its admins give out accounts and roles.
conflict-undo-window-passed = { $action ->
    [reject] The rejection
    [unpublish] The unpublication
   *[release] The release
    } was on { $at }; it can only be undone within { $hours } hours, so it is final now.
conflict-you-have-already-answered-this-request = You have already answered this request.

## A field's problem.
invalid-all-pieces-must-belong-one-convention = all pieces must belong to one convention
invalid-already-holds-this-piece = already holds this piece
invalid-an-account-with-this-address-already = an account with this address already exists
invalid-at-least-characters = must be at least { $min } characters
invalid-at-most = at most { $max }
invalid-at-most-characters = must be at most { $max } characters
invalid-at-most-cosigners = at most { $max } co-signers
invalid-at-most-pieces-at-once = choose at most { $max } pieces at once
invalid-at-most-tags = at most { $max } tags
invalid-at-most-topics = at most { $max } topics
invalid-at-most-topics-here = at most { $max } here; add more on the convention's page later
invalid-choose-at-least-one-piece = choose at least one piece
invalid-choose-at-least-two-different-pieces = choose at least two different pieces
invalid-choose-convention = choose a convention
invalid-choose-document-docx-odt-md-or = choose a document (.docx, .odt, .md or .txt) first
invalid-choose-editor = choose an editor
invalid-choose-one-of = choose one of: { $choices }
invalid-choose-topic = choose a topic: { $choices }
invalid-drafts-are-their-authors-own = drafts are their authors' own
invalid-each-tag-at-most-40-letters = each tag is at most 40 letters, digits, spaces or hyphens
invalid-every-co-signer-must-expert = every co-signer must be an expert
invalid-is-already-taken = is already taken
invalid-is-not-change-this-page-offered = is not a change this page offered to undo
invalid-is-not-cursor-this-list-gave = is not a cursor this list gave out
invalid-is-not-follow-up = is not a follow-up
invalid-is-one-most-commonly-used-passwords = is one of the most commonly used passwords; choose another
invalid-is-required = is required
invalid-is-required-address-send-again = is required: the address to send to again
invalid-is-required-reject-or-changes = is required: `reject` or `changes`
invalid-must-1-80-lower-case-letters = must be 1 to 80 lower-case letters, digits and single hyphens
invalid-must-2-4000-characters = must be 2 to 4000 characters
invalid-must-2-50000-characters = must be 2 to 50000 characters
invalid-must-after-discussion-opens-at = must be after discussion_opens_at
invalid-must-at-least-10-characters = must be at least 10 characters
invalid-must-at-most-100-visible-ascii = must be at most 100 visible ASCII characters
invalid-must-at-most-10000-characters = must be at most 10000 characters
invalid-must-at-most-200-characters = must be at most 200 characters
invalid-must-at-most-300-characters = must be at most 300 characters
invalid-must-at-most-500-characters = must be at most 500 characters
invalid-must-between-100-and-100 = must be between -100 and 100
invalid-must-claim-release-reject-or-hold = must be claim, release, reject or hold
invalid-must-editor = must be an editor
invalid-must-email-address-like-name-example = must be an email address like name@example.org
invalid-must-fall-inside-discussion-period = must fall inside the discussion period
invalid-must-http-or-https-address-or = must be an http:// or https:// address, or a path on this site such as /join
invalid-must-in-future = must be in the future
invalid-must-internal-or-author = must be internal or author
invalid-must-list-topic-names-convention-slug = must be a list of topic names (convention-slug/topic-slug)
invalid-must-member-non-member-or-body = must be member, non_member or body
invalid-must-not-before-starts-on = must not be before starts_on
invalid-must-not-contain-spaces-or-line = must not contain spaces or line breaks
invalid-must-not-empty = must not be empty
invalid-must-pending-answered-published-rejected-or = must be pending, answered, published, rejected or spam
invalid-must-pending-approved-rejected-or-hidden = must be pending, approved, rejected or hidden
invalid-must-pending-sent-dead-or-suppressed = must be pending, sent, dead or suppressed
invalid-must-piece-published-in-this-discussion = must be a piece published in this discussion: paste its address (…/articles/its-name) or type its name
invalid-must-plain-text = must be plain text
invalid-must-positive-whole-number = must be a positive whole number
invalid-must-reject-or-changes = must be `reject` or `changes`
invalid-must-single-line-text = must be a single line of text
invalid-must-true-or-false = must be true or false
invalid-must-whole-number = must be a whole number
invalid-must-whole-number-words-from-50 = must be a whole number of words from 50 to 20000
invalid-name-taken-by-another-reason = is already the name of another { $kind ->
        [reject] reason for rejecting
       *[changes] change request
    } of this convention
invalid-needs-convention = needs a convention
invalid-no-such-convention = no such convention
invalid-no-such-editor = no such editor
invalid-no-such-topic = no such topic
invalid-no-such-topic-in-this-convention = no such topic in this convention
invalid-nobody-reviews-their-own-submission = nobody reviews their own submission
invalid-one-of = must be one of: { $choices }
invalid-question-length = must be 20 to 4000 characters (it has { $length })
invalid-this-link-not-valid-any-more = this link is not valid any more
invalid-this-link-not-valid-any-more-2 = this link is not valid any more; ask for a new one
invalid-too-long-for-digest = "{ $title }" is too long for a digest
invalid-too-long-kb = is too long: at most { $kb } KB
invalid-too-many-words = has { $words } words; the limit for this discussion is { $limit }
invalid-topic-title = “{ $title }” { $problem }
invalid-topic-twice = “{ $title }” is there twice
invalid-video-link = must be an https link on one of: { $hosts }
invalid-whole-number-from-to = must be a whole number from { $min } to { $max }
invalid-years-from-to = must be in the years { $first } to { $last }

## Not allowed.
refused-confirm-your-email-address-first-open = Confirm your email address first: open the link we emailed you.
refused-nobody-approves-or-rejects-answer-they = Nobody approves or rejects an answer they wrote or were asked to co-sign.
refused-nobody-reviews-approves-or-publishes-their = Nobody reviews, approves or publishes their own submission.
refused-only-members-can-submit-essays = Only members can submit essays.
refused-too-many-attempts = Too many attempts. Try again in { $seconds } seconds.
refused-wrong-email-or-password = The email or password is wrong.
refused-you-may-not-do-this = You may not do this.

## A form's problem as a whole.
problem-signed-out = You are signed out (the session ended). Sign in again in another tab or window, then send this again: what you typed is kept here.
problem-stale-page = This page was out of date. We kept what you typed: send it again.
problem-please-fix = Please fix: { $problems }.

## A field's name in the summary above a long form.
field-title = Title
field-body = Text
field-tags = Tags
field-topic = Topic
field-convention = Convention
field-language = Language
field-author_kind = Written as
field-video_url = Video
field-document = Document
field-email = Email
field-display_name = Name
field-location = Where you live
field-password = Password
field-name = Name
field-reason = Reason
field-message = Message
field-publish_at = Publish at
field-slug = Address
field-starts_on = Starts on
field-ends_on = Ends on
field-discussion_opens_at = Discussion opens
field-discussion_closes_at = Discussion closes
field-submission_deadline_at = Submission deadline
field-word_limit = Word limit
field-disclaimer = Disclaimer
field-framing = Framing text
field-headline = Headline
field-topics = Topics
field-submissions = Pieces
field-ids = Pieces
field-editor_id = Editor
field-footer = Footer
field-organisation = Organisation
field-cosigners = Co-signers

## More problems of fields, conflicts and refusals.
invalid-must-whole-number-days-from-1 = must be a whole number of days from 1 to 3650
invalid-must-me-unassigned-or-editors-id = must be me, unassigned or an editor's id
invalid-must-priority-oldest-or-newest = must be priority, oldest or newest
invalid-must-date-and-time-like-2026 = must be a date and time like 2026-05-01T09:00:00Z
invalid-must-date-like-2026-06-12 = must be a date like 2026-06-12
invalid-must-link-like-https-www-youtube = must be a link like https://www.youtube.com/watch?v=...
refused-confirm-your-email-address-send-this = Confirm your email address to send this to the editors: open the link we emailed you, or have it sent again. Your draft is saved.
refused-this-setup-link-not-valid-it = This setup link is not valid: it is not one the server printed, or it is more than 24 hours old. Restart the server and use the link it prints to its log.
invalid-unshowable = contains characters that cannot be shown (control characters or Unicode noncharacters)
invalid-link-expired-sign-in = this link is not valid any more; ask for a new one by signing in
invalid-not-approved-follow-up = is not an approved follow-up of this question
invalid-digest-words = only pieces under { $words } words go into a digest
invalid-not-suppressed = is not suppressed: mail goes to it already (check the spelling)
invalid-document-and-essay = you chose a document and typed an essay: to use the document (its text replaces the essay), choose it again and press “Put its text in the form”; to keep what you typed, save again
conflict-no-longer-unpublished = The article is no longer unpublished.
conflict-digest-piece-moved-on = A piece of this digest has moved on since it was taken down.
invalid-could-not-check = { $detail }
invalid-no-such-topics = no such topic: { $topics } (name each as convention-slug/topic-slug)
conflict-changed-since-shown = The piece has changed since that page was shown; reload it.
conflict-changed-cannot-undo = The piece changed meanwhile; that can no longer be undone.
invalid-not-a-status = `{ $status }` is not a status

## Why a document could not be read.
document-unsupported-kind = Tribune takes essays as Word (.docx), OpenDocument (.odt), Markdown (.md) or plain text (.txt) files. Save your essay as one of these, or paste the text.
document-not-what-its-name-says = This file is not the kind of document its name says (.docx, .odt, .md or .txt). Save it again from your word processor, or paste the text.
document-old-word = This old-style Word document (.doc) cannot be read. Open it in your word processor, save it as a Word document (.docx), and upload that, or paste the text.
document-too-large = This file is too large: Tribune takes documents of up to 10 MB, holding at most 50 MB once unpacked. Save a copy without its pictures, or paste the text.
document-encrypted = This document is protected by a password, so Tribune cannot read it. Save a copy without the password and upload that, or paste the text.
document-damaged = This document is damaged and cannot be read. Open it in your word processor, save it again and upload the new copy, or paste the text.
document-no-text = This document holds no text. Check that you chose the right file, or paste the text.
invalid-language-is-the-default = is the discussion's default language ({ $language }), which the convention's own texts are in

## Why one piece of a bulk action on the desk did not move.
bulk-no-such-submission = There is no such submission.
bulk-may-not-review = You may not review this piece.
bulk-could-not-change = It could not be changed; try it on its own page.

## More fields' names in the summary above a long form.
field-byline_name = Name in the byline
field-byline_location = City
field-byline_state = State
field-byline_club = Club
field-byline_district = District
field-reply_to = A reply to
field-url = Link
field-text = Text
field-label = Label
field-calls_to_action = Calls to action
field-q = Search
invalid-digest-one-language = all pieces of a digest must be in one language
