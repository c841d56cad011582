## The editors' and experts' desk: the review queue (queue.html) and its settings
## (review_settings.html), a piece under review (review.html, changes_request.html), the
## convention's reasons (reasons.html), comment moderation (comments_moderation.html), the mailbag
## inbox (mailbag_inbox.html), and the step before a decision that cannot be undone
## (confirm.html, confirm_undoable.html, and what review.rs, reasons.rs and community.rs put on it).

## What a piece's status is called
status-draft = draft
status-submitted = submitted
status-in-review = in review
status-changes-requested = changes requested
status-approved = approved
status-published = published
status-rejected = rejected
status-withdrawn = withdrawn
status-unpublished = unpublished

## Words several of these pages share
time-utc = { $time } UTC
scheduled-for = Scheduled for
desk-status = Status
desk-topic = Topic
desk-author = Author
desk-claimed-by = Claimed by
desk-all = All
desk-show = Show
desk-more = More
desk-none = None.
desk-nothing-here = Nothing here.
desk-what-you-wrote = What you wrote, to copy:
desk-approve = Approve
desk-reject = Reject…
desk-save = Save
desk-reason = Reason
desk-reason-none = None: only what I write below
desk-reason-fills = Picking one fills in its text, which you can still change (left empty, the reason's text is sent).
desk-edit-reasons = Edit the reasons
desk-authors-members = Members
desk-authors-bodies = Bodies (clubs, committees)
desk-authors-non-members = Non-members
final-after-hours = { $hours ->
    [one] Final after { $hours } hour
   *[other] Final after { $hours } hours
}

## The review queue
queue-report-heading = What the last action did
queue-done-claimed = Claimed: { $count }
queue-done-released = Released: { $count }
queue-done-rejected = Rejected (each author is emailed): { $count }
queue-done-held = Approved and held for a digest: { $count }
queue-done-now = — now { $status }
queue-not-changed = Not changed: { $count }
queue-submission = Submission { $id }
queue-filters = Filters
queue-convention = Convention
queue-all-conventions = All
queue-anyone-or-nobody = Anyone or nobody
queue-waiting = Waiting
queue-any-time = Any time
queue-idle = Claimed, untouched
queue-any = Any
queue-order = Order
queue-clear-filters = Clear the filters
facet-count = { $label } ({ $count })
facet-count-more = { $label } (more than { $count })
facet-my-topics = My topics
facet-me = Me
facet-nobody = Nobody
facet-waiting-more-than = { $days ->
    [one] More than { $days } day
   *[other] More than { $days } days
}
facet-untouched-for = { $days ->
    [one] Untouched for { $days } day
   *[other] Untouched for { $days } days
}
sort-priority = Priority rule, then oldest
sort-oldest = Oldest first
sort-newest = Newest first
queue-order-heading = Order of the queue
queue-order-explained = Higher comes first (from -100 to 100); equal priorities are taken oldest first.
queue-change-order = Change the order
queue-caption = Tick pieces to act on several at once
queue-choose = Choose
queue-submitted = Submitted
queue-title = Title
queue-publication = Publication
queue-choose-piece = Choose { $title }
queue-last-activity = (last activity { $date })
queue-held-for-digest = Held for a digest
queue-with-chosen = With the chosen pieces
queue-claim = Claim
queue-release = Release
queue-hold = Approve and hold for a digest
queue-reject-reason = Reason for rejecting (each author is emailed it)
queue-digest-legend = A digest of the chosen short pieces held for one
queue-digest-explained = Short pieces approved and held for a digest can be published together, each with its own byline.
queue-digest-title = Title of the digest
queue-digest-publish = Publish the chosen pieces as one digest

## An editor's topics and daily reminder
review-settings-title = Your topics and reminder
review-settings-back = Back to the review queue
review-settings-topics = Topics you follow
review-settings-topics-explained = Your review queue opens on the topics you follow (its Topic filter offers every other one), and your daily reminder covers them. Follow none for every topic.
review-settings-no-topics = No convention has topics yet.
review-settings-reminder = Daily reminder
review-settings-reminder-label = Email me once a day what waits in the queue, the pieces I hold that nobody has touched for a while, and what is published in the next 24 hours
review-settings-nothing-sent = Nothing is sent on a day with nothing to say.

## A piece under review
review-title = Review: { $title }
review-status = Status:
review-revision = revision { $number }
review-words = { $count ->
    [one] { $count } word
   *[other] { $count } words
}
review-published = published
review-undo-offer = You can undo { $what } ({ $time }) until
review-undo-offer-by = You can undo { $what } ({ $time }, by { $name }) until
review-undo-what-reject = the rejection
review-undo-what-unpublish = the unpublication
review-undo-what-release = the release
review-undo-reject = Undo the rejection
review-undo-unpublish = Undo the unpublication
review-undo-release = Undo the release
review-published-then = : it is published then.
review-change-or-cancel = Change or cancel
review-held = Approved and held for a digest: publish it with other short pieces from the
review-held-link = approved pieces
review-diff-heading = Changes between revisions
review-diff-from = From
review-diff-to = to
review-compare = Compare
review-actions = Actions
review-claimed-by-another = Another editor has claimed it: the decisions are theirs until they release it.
review-claim = Claim for review
review-release = Release to the queue
review-reassign-to = Hand it to another editor
review-reassign = Reassign (they are emailed)
review-publish-at = Publish at (UTC; empty: now)
review-hold = Hold it, to publish with other short pieces in a digest
review-changes-heading = Send back for changes
review-changes-message = Changes to ask of the author (emailed)
review-request-changes = Request changes
review-schedule-heading = Publication time
review-new-time = New time (UTC)
review-reschedule = Reschedule
review-cancel-explained = Cancelling takes it off the schedule and back into review, claimed by you: approve it again to publish it, now or at another time.
review-cancel-schedule = Cancel the scheduled publication
review-comment-heading = Comment
review-your-comment = Your comment
review-who-sees-it = Who sees it
review-editors-only = Editors only
review-author-too = The author too (emailed)
review-add-comment = Add the comment
review-cannot-be-undone = Cannot be undone
review-danger-explained = Each of these asks you to confirm on the next page, and emails the author your reason.
review-danger-undo = { $hours ->
    [one] For { $hours } hour after, you can undo it here; then it is final.
   *[other] For { $hours } hours after, you can undo it here; then it is final.
}
review-reject-heading = Reject
review-reason-for-author = Reason for the author
review-unpublish-heading = Unpublish
review-unpublish-reason = Reason for taking it down (emailed to the author)
review-unpublish = Unpublish…
review-timeline = Timeline
timeline-revision = revision { $number }: “{ $title }”, { $words ->
    [one] { $words } word
   *[other] { $words } words
}
timeline-transition = { $action }: { $from } → { $to }
timeline-message-to-author = message to the author
timeline-note = note for the editors
timeline-email = email “{ $subject }” to { $to }: { $state }
timeline-email-queued = queued
timeline-email-sent = sent
timeline-email-failed = failed
timeline-visibility-internal = internal
timeline-visibility-author = author
timeline-last-attempt = (last attempt: { $error })
timeline-action-submit = submit
timeline-action-claim = claim
timeline-action-release = release
timeline-action-request-changes = request changes
timeline-action-approve = approve
timeline-action-reject = reject
timeline-action-publish = publish
timeline-action-withdraw = withdraw
timeline-action-unpublish = unpublish
timeline-action-reschedule = reschedule
timeline-action-cancel-schedule = cancel schedule
timeline-action-reassign = reassign
timeline-action-undo-reject = undo reject
timeline-action-undo-unpublish = undo unpublish
timeline-action-undo-release = undo release
timeline-action-comment = comment
changes-request-heading = The editors asked for changes

## The convention's reasons
reasons-title = Reasons
reasons-convention-settings = The convention's settings
reasons-heading = Reasons: { $convention }
reasons-explained = When editors reject a piece or send it back for changes, the review page offers these by name; picking one fills in its text, which they can still change before it is sent.
reasons-for-rejecting = Reasons for rejecting
reasons-changes-to-ask = Changes to ask for
reasons-none-yet = None yet.
reasons-name = Name
reasons-body = Text sent to the author
reasons-position = Position in the list (lower first)
reasons-save = Save “{ $name }”
reasons-delete = Delete “{ $name }”
reasons-add-one = Add one
reasons-new-name = Name (what the picker shows)
reasons-new-position = Position in the list (empty: at the end)
reasons-add = Add

## Comment moderation
moderation-heading = Comments waiting
moderation-waiting = Waiting
moderation-shown = Shown
moderation-hidden = Hidden
moderation-on = on
moderation-hide = Hide…

## The mailbag inbox
inbox-the-thread = the thread
inbox-in-the-inbox = in the inbox
inbox-question-link = question { $id }
inbox-question = Question { $id }
question-status-pending = pending
question-status-answered = answered
question-status-published = published
question-status-rejected = rejected
question-status-spam = spam
inbox-asked = Asked
inbox-question-column = Question
inbox-from = From
inbox-answers = Answers
inbox-followups-waiting = Follow-ups waiting
inbox-followups-waiting-explained = Readers' follow-up questions on published threads are shown under them once an editor approves them; then an expert answers them.
inbox-on = On
inbox-asks = asks:
inbox-followups-to-answer = Follow-ups to answer
inbox-followups-to-answer-explained = Approved follow-ups are shown under their threads; answer them from the question's page (the answer is shown once an editor approves it).
inbox-answer-followup = Answer this follow-up
inbox-answer-followup-from = from { $name }
inbox-answers-waiting = Answers waiting
inbox-answers-waiting-explained = Answers added to threads already published are shown only once an editor approves them.
inbox-cosignatures = Co-signatures waiting for you
inbox-cosignatures-explained = Your name is shown with an answer only once you confirm.
inbox-confirm-signature = Confirm my signature
inbox-decline = Decline

## The step before a decision that cannot be undone
confirm-cannot-be-undone = This cannot be undone
confirm-go-back = Go back
confirm-final-now = This is final: { $what }.
confirm-final-after = { $hours ->
    [one] This is final once { $hours } hour has passed (until then you can undo it on the review page): { $what }.
   *[other] This is final once { $hours } hours have passed (until then you can undo it on the review page): { $what }.
}
confirm-bulk-reject-heading = { $count ->
    [one] Reject { $count } piece?
   *[other] Reject { $count } pieces?
}
confirm-bulk-reject-listed = { $count ->
    [one] This piece will be rejected:
   *[other] These { $count } pieces will be rejected:
}
confirm-piece-by = “{ $title }” by { $byline }
confirm-bulk-reject-reason = Each author will be emailed this reason, which you can still change here:
confirm-reason-for-authors = Reason for the authors
confirm-reject-it = Reject it
confirm-reject-them = Reject them
confirm-reject-heading = Reject “{ $title }”?
confirm-rejected-final = a rejected piece cannot be reviewed or published again
confirm-author-emailed = The author will be emailed this reason, which you can still change here:
confirm-reject-for-good = Reject for good
confirm-unpublish-heading = Unpublish “{ $title }”?
confirm-readers-lose-it = Readers will no longer find it.
confirm-unpublished-final = it cannot be published again
confirm-unpublish-digest = It is a digest of { $count } pieces: all of them are taken down, and each of their authors is emailed this reason, which you can still change here:
confirm-reason-taking-down = Reason for taking it down
confirm-unpublish-for-good = Unpublish for good
confirm-hide-comment = Hide this comment?
confirm-hide-comment-final = It is taken off the article for good.
confirm-hide-for-good = Hide for good
confirm-reject-comment = Reject this comment?
confirm-reject-comment-final = This is final: it will never be shown.
confirm-delete-reason = Delete the reason “{ $name }”?
confirm-delete-reason-pickers = Editors will no longer find it in the reason pickers.
confirm-delete-reason-kept = Decisions already sent keep their text.
confirm-delete-it = Delete it
inbox-confirm-reject = { $kind ->
    [answer] Reject this answer?
    [cosignature] Reject this co-signature?
   *[other] Reject this follow-up?
    }
inbox-confirm-reject-final = This is final: it will never be shown.
