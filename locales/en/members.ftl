## A member's pages: registering, signing in, passwords, confirming the address; writing an essay,
## "My submissions" and one submission; asking the mailbag; the inbox page of one question for the
## experts and editors; the problem summary at the top of a long form.

account-email = Email
account-password = Password
register-intro = Members register to contribute to the discussion. We email you a link to confirm your address.
register-display-name = Your name, as it will appear on your essays
register-location = Where you live (city or state)
register-password = Password (at least 10 characters)
register-already = Already registered?
login-forgotten-password = Forgotten your password?
password-reset-title = Forgotten password
password-reset-intro = Enter your address and we will email you a link to choose a new password.
password-reset-button = Email me a link
password-reset-confirm-title = Choose a new password
password-reset-confirm-new-link = Ask for a new link
password-reset-confirm-password = New password (at least 10 characters)
password-reset-confirm-button = Set the new password

accounts-check-email = Check your email
accounts-register-sent = We have sent a link to confirm your address. Open it to finish registering.
accounts-address-confirmed = Address confirmed
accounts-address-confirmed-text = Thank you: your address is confirmed.
accounts-link-expired = The link is not valid any more: it may have been used already or have expired. Sign in and press "Send the link again" on your submissions page for a new one.
accounts-back-to-where-you-were = Back to where you were
accounts-new-link-sent = We sent a new link to { $email }
accounts-new-link-sent-text = Open it to confirm your address; then you can send your essays to the editors. The links we sent before work too. Nothing after a few minutes? Look in the spam folder (we send at most a few links an hour).
accounts-already-confirmed = Your address is confirmed already.
accounts-password-reset-sent = If the address has an account, a link to choose a new password is on its way. It works for 60 minutes.
accounts-password-changed = Password changed
accounts-password-changed-text = Your new password is set, and you have been signed out everywhere.

unconfirmed-heading-this = Confirm your address to send this to the editors.
unconfirmed-heading-essays = Confirm your address to send your essays to the editors.
unconfirmed-text = You can write and save drafts now; to send one to the editors, open the link we emailed to { $email }.
unconfirmed-send-again = Send the link again
unconfirmed-new-tab = (opens in a new tab, so what you typed here stays)

essay-form-edit-heading = Edit your essay
essay-form-save-draft = Save the draft
essay-form-save-revision = Save the revision
essay-form-nothing-saved = Nothing was saved: what you typed is kept below.
essay-form-converted-text-of = The text of
essay-form-converted-replaces = replaces the essay in the form below. Nothing is saved yet: look it over, change what you like, then press “{ $button }”.
essay-form-converted-left-out = Left out, as an essay cannot hold them: { $items }.
essay-form-convention = Convention
essay-form-convention-option = { $title } (up to { $words ->
    [one] { $words } word
   *[other] { $words } words
})
essay-form-title = Title (5 to 200 characters)
essay-form-body = Your essay (Markdown: blank lines between paragraphs, ## for a heading, > for a quotation)
essay-form-document = Or start from a document
essay-form-document-hint = Word (.docx), OpenDocument (.odt), Markdown (.md) or plain text (.txt), up to 10 MB. Its text replaces the essay above for you to look over: nothing is saved until you save, and the file is not kept.
essay-form-convert = Put its text in the form
essay-form-byline = Byline
essay-form-written-by = Written by
essay-form-by-member = a member
essay-form-by-non-member = a non-member
essay-form-by-body = a club, committee or other body
essay-form-byline-name = Name (yours, or the body's)
essay-form-byline-city = City
essay-form-byline-state = State (optional)
essay-form-byline-club = Club (optional, members)
essay-form-byline-district = District (optional, members)
essay-form-topic = Topic
essay-form-choose-topic = Choose a topic
essay-form-reply-to = A reply to (optional: paste the address of a published piece, or type its name)
essay-form-video = A video contribution: its link (optional; the text above is then its summary)
essay-form-tags = Tags, separated by commas (up to 5)
essay-form-saving-explained = Saving keeps it here for you: it goes to the editors only when you send it from its page.

mine-write-new = Write a new essay
mine-nothing-yet = You have not written anything yet.
mine-older = Older submissions
mine-title = Title
mine-status = Status
mine-revisions = Revisions
mine-last-change = Last change
mine-to-be-published = to be published on { $when } UTC

submission-status = Status:
submission-revision = revision { $number }
submission-words = { $count ->
    [one] { $count } word
   *[other] { $count } words
}
submission-published = published
submission-standing-draft = A draft: only you can see it.
submission-standing-changes-requested = The editors asked for changes. Edit the essay, then send the revision to the editors: until then they do not see it.
submission-standing-submitted-on = Sent to the editors on { $when }. It waits in the review queue.
submission-standing-submitted = Sent to the editors. It waits in the review queue.
submission-standing-in-review = An editor is reading it.
submission-standing-approved-on = Approved: it will be published on { $when }.
submission-standing-approved-digest = Approved: it will be published with other short pieces in a digest.
submission-standing-published = Published.
submission-standing-rejected = The editors did not accept it.
submission-standing-withdrawn = Withdrawn: it is out of the discussion.
submission-standing-unpublished = Taken down by the editors.
submission-what-you-can-do = What you can do
submission-edit-for-editors = Edit it for the editors
submission-edit = Edit
submission-edit-saves-revision = (saves a new revision)
submission-send-revision = Send the revision to the editors
submission-send = Send to the editors
submission-not-sent-yet = Not sent to the editors yet.
submission-from-the-editors = From the editors
submission-withdraw = Withdraw
submission-withdraw-explained = Withdrawing takes the piece out of the discussion for good; it cannot be sent again. You are asked to confirm.
submission-withdraw-button = Withdraw…
submission-withdraw-confirm-heading = Withdraw «{ $title }»?
submission-withdraw-consequence = A withdrawn piece leaves the discussion and cannot be sent to the editors again.
submission-withdraw-go-back = Go back to keep it as it is.
submission-withdraw-confirm = Withdraw it

mailbag-ask-heading = Ask the mailbag
mailbag-ask-intro = Our experts answer readers' questions; the answered ones are published with your first name and the initial of your last name. Your email address is never shown.
mailbag-ask-similar = Questions like yours
mailbag-ask-none-similar = We found no published question like yours. Send it below.
mailbag-ask-similar-found = These are already answered; perhaps one of them is what you are looking for:
mailbag-ask-topic = Topic
mailbag-ask-body = Your question (20 to 4000 characters)
mailbag-ask-too-quick = That was quick — please check your question and press Send again.
mailbag-ask-check-similar = Check for similar questions
mailbag-ask-send = Send my question
mailbag-ask-thanks = Thank you for your question
mailbag-ask-thanks-text = Our experts read every question. If yours is answered and published, we will email you the link.
mailbag-ask-back = Back to the mailbag

mailbag-question-untitled = A reader's question
mailbag-question-status = Status:
mailbag-question-status-pending = pending
mailbag-question-status-answered = answered
mailbag-question-status-published = published
mailbag-question-status-rejected = rejected
mailbag-question-status-spam = spam
mailbag-question-from = from
mailbag-question-published = published
mailbag-question-cosignature = { $name }: co-signature { $status }
mailbag-question-signature-pending = pending
mailbag-question-signature-declined = declined
mailbag-question-answer-is = Answer
mailbag-question-answer-pending = pending
mailbag-question-answer-rejected = rejected
mailbag-question-answer-shown-once = shown once an editor approves it in the
mailbag-question-inbox = inbox
mailbag-question-answers = Answers
mailbag-question-none-yet = None yet.
mailbag-question-answer-heading = Answer
mailbag-question-your-answer = Your answer (Markdown)
mailbag-question-also-signed-by = Also signed by
mailbag-question-add-answer = Add the answer
mailbag-question-follows-up = follows up ({ $status })
mailbag-question-followup-pending = pending
mailbag-question-followup-approved = approved
mailbag-question-followup-rejected = rejected
mailbag-question-followup-shown-once = Shown under the thread once an editor approves it in the
mailbag-question-your-followup-answer = Your answer to this follow-up (Markdown)
mailbag-question-answer-followup = Answer the follow-up
mailbag-question-decide = Decide
mailbag-question-headline = Headline for the public thread
mailbag-question-publish = Publish
mailbag-question-cannot-be-undone = Cannot be undone
mailbag-question-confirm-explained = Each asks you to confirm on the next page. A rejected or spam question is never answered or shown.
mailbag-question-reason = Note for the editors (why it is not answered; optional)
mailbag-question-reject = Reject…
mailbag-question-spam = Mark as spam…
mailbag-question-confirm-spam = Mark “{ $excerpt }” as spam?
mailbag-question-confirm-reject = Reject the question “{ $excerpt }”?
mailbag-question-confirm-consequence = This is final: the question from { $name } will never be answered or shown publicly. The asker is not told.
mailbag-question-confirm-spam-button = Mark as spam for good
mailbag-question-confirm-reject-button = Reject for good

form-summary-nothing-changed = Nothing was changed.
form-summary-go-to-form = Go to the form
