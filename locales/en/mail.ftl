## The mail Tribune sends (src/email): each message in its reader's language, its subject, its
## words and its links' labels. The signature under every message is `site-tagline` (common.ftl)
## and the organisers' own footer.

mail-hello = Hello { $name },
mail-hello-reader = Hello reader,
mail-hello-stranger = Hello there,
mail-ignore-otherwise = Otherwise, ignore this message.

## Confirming an address (on registration, and "Send the link again").
mail-verify-subject = Confirm your email address for { $site }
mail-verify-open = Please confirm that this is your email address by opening this link:
mail-verify-confirm = Please confirm that this is your email address:
mail-verify-button = Confirm my address
mail-verify-until = Until you confirm it you can read and sign in, but not submit essays.
mail-verify-not-you = If you did not register with { $site }, ignore this message.

## Registering an address that has an account already.
mail-already-registered-subject = You already have a { $site } account
mail-already-registered-tried =
    Someone, perhaps you, tried to register a new { $site } account with this address, which already
    has one. No new account was made.
mail-already-registered-choose-here = If you have forgotten your password, choose a new one here:
mail-already-registered-forgotten = If you have forgotten your password, { $link }.
mail-already-registered-choose = choose a new one

## A forgotten password.
mail-reset-subject = Reset your { $site } password
mail-reset-open-within = To choose a new password for { $site }, open this link within { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }:
mail-reset-link-within = To choose a new password for { $site }, { $link } within { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
mail-reset-open-link = open this link
mail-reset-works-once = The link works once. Choosing a new password signs you out everywhere else.
mail-reset-not-you = If you did not ask for this, ignore this message: your password stays as it is.

## The editors' daily reminder.
mail-reminder-subject = Review queue: { $counts }
mail-reminder-count-waiting = { $count } waiting
mail-reminder-count-untouched = { $count } of yours untouched
mail-reminder-count-scheduled = { $count } to publish in 24 hours
mail-reminder-intro = Your daily reminder from the review queue.
mail-reminder-intro-topics = Your daily reminder from the review queue, for the topics you follow.
mail-reminder-waiting = Waiting in the queue: { $count }
mail-reminder-oldest-text = The oldest: "{ $title }" by { $author }, waiting { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
mail-reminder-oldest-html = The oldest: { $title } by { $author }, waiting { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
mail-reminder-the-queue = The queue
mail-reminder-open-queue = Open the queue
mail-reminder-untouched = Yours, untouched for { $days ->
        [one] { $days } day
       *[other] { $days } days
    } or more
mail-reminder-untouched-text = "{ $title }" by { $author }, untouched for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
mail-reminder-untouched-html = { $title } by { $author }, untouched for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
mail-reminder-all-untouched = All of them
mail-reminder-scheduled = To be published in the next 24 hours
mail-reminder-scheduled-text = { $when }: "{ $title }" by { $author }
mail-reminder-scheduled-html = { $when }: { $title } by { $author }
mail-reminder-all-scheduled = All scheduled
mail-reminder-settings = Your topics, or no more reminders

## To the author of a piece, about it.
mail-follow-your-submission = Follow your submission
mail-see-your-submission = See your submission
mail-edit-your-submission = Edit your submission
mail-read-it = Read it
mail-received-subject = Received: { $title }
mail-received = We have received "{ $title }" (revision { $revision }) for the { $convention }.
mail-received-next = The discussion editors will read it and let you know what happens next.
mail-editors-note-subject = A note from the editors on "{ $title }"
mail-editors-note = The discussion editors wrote about "{ $title }":
mail-changes-subject = Changes requested: { $title }
mail-changes = The editors ask for changes to "{ $title }" before it can be published:
mail-changes-next = Edit it and submit it again; it goes back to the review queue.
mail-changes-by-mail = You can also answer this email with the revised essay, in your answer or as an attached document (.docx, .odt, .md or .txt): it becomes your next revision, which you then look over and send to the editors.
mail-rejected-subject = Not published: { $title }
mail-rejected = The editors have decided not to publish "{ $title }".
mail-their-reason = Their reason: { $reason }
mail-taken-down-subject = Taken down: { $title }
mail-taken-down = The editors have taken "{ $title }" down from the convention discussion; readers no longer see it.
mail-taken-down-digest = The editors have taken "{ $title }" (published in the digest "{ $digest }") down from the convention discussion; readers no longer see it.
mail-back-in-review-subject = Back in review: { $title }
mail-back-in-review = The editors have taken back their decision not to publish "{ $title }": it is in review again.
mail-back-in-review-next = Please set their earlier message aside; they will let you know what they decide.
mail-back-online-subject = Back online: { $title }
mail-back-online = The editors have put "{ $title }" back in the convention discussion, as it was: readers see it again.
mail-back-online-next = Please set their message about taking it down aside.
mail-published-subject = Published: { $title }
mail-published = "{ $title }" is published in the convention discussion.
mail-published-in-digest = "{ $title }" is published in the convention discussion, together with other short contributions in "{ $digest }", with your own byline.
mail-comment-subject = A new comment on "{ $title }"
mail-comment = { $name } commented on "{ $title }":
mail-read-the-discussion = Read the discussion

## To editors.
mail-new-in-queue-subject = New in the review queue: { $title }
mail-new-in-queue = "{ $title }" is waiting for review in the { $convention }.
mail-open-in-queue = Open it in the review queue
mail-assigned-subject = Assigned to you: { $title }
mail-assigned = "{ $title }" is now yours to review.
mail-assigned-from = "{ $title }" is now yours to review (it was with { $from }).
mail-open-it = Open it

## The mailbag: to whoever asked, and to the experts.
mail-question-received-subject = We received your question
mail-question-received = Thank you for writing to the mailbag. Our experts read every question; the ones answered are published on the site.
mail-question-received-next = We will email you if yours is published.
mail-cosign-subject = { $author } asks you to co-sign an answer
mail-cosign = { $author } has named you as a co-signer of an answer in the mailbag.
mail-cosign-next = Your name is shown with it only once you confirm; you can also decline.
mail-cosign-link = Confirm or decline in the inbox
mail-followup-answered-subject = An answer to your follow-up question: { $headline }
mail-followup-answered = One of our experts has answered your follow-up question in the mailbag.
mail-another-answer-subject = A new answer to your question: { $headline }
mail-another-answer = Another of our experts has answered your question in the mailbag.
mail-question-published-subject = Your question is answered: { $headline }
mail-question-published = Our experts have answered your question, and it is now published in the mailbag.
mail-read-the-answer = Read the answer

## Subscribers.
mail-subscribe-subject = Confirm your subscription to the { $convention } discussion
mail-subscribe = Someone, perhaps you, asked to receive the new contributions to the { $convention } discussion by email, once a day.
mail-subscribe-next = Nothing will be sent unless you confirm. If it was not you, ignore this message.
mail-subscribe-link = Confirm the subscription
mail-digest-subject = { $convention }: { $count } new in the discussion
mail-digest = New in the { $convention } discussion:
mail-digest-line = { $title }, by { $byline }: { $link }
mail-unsubscribe = Unsubscribe

## An admin's test message.
mail-test-subject = Test message from { $site }
mail-test = This is a test message, sent by { $sender } from the admin page of { $site } on { $day } at { $time } UTC.
mail-test-reaches = If you are reading it, mail from { $site } reaches this address: nothing needs doing.
mail-test-link = The admin page

## Answers to mail sent to the discussion's address.
mail-inbound-drafted-subject = Draft saved: { $title }
mail-inbound-drafted = Your essay "{ $title }" is saved as a draft for { $convention }. Only you can see it.
mail-inbound-drafted-next = Look it over, change anything the conversion got wrong, and send it to the editors from its page.
mail-inbound-revised-subject = Revision saved: { $title }
mail-inbound-revised = Your answer is saved as revision { $revision } of "{ $title }". The editors do not see it yet.
mail-inbound-revised-next = Look it over and send the revision to the editors from its page.
mail-inbound-look-over = Look it over and send it
mail-inbound-left-out = Left out, as an essay cannot hold them: { $items }.
mail-inbound-left-out-attachment = the attachment { $name } (only the first document is read)
mail-inbound-left-out-kind = the attachment { $name } (not a .docx, .odt, .md or .txt document)
mail-inbound-unnamed-attachment = an unnamed attachment
document-left-out-images = { $count ->
        [one] { $count } image
       *[other] { $count } images
    }
document-left-out-objects = { $count ->
        [one] { $count } embedded object
       *[other] { $count } embedded objects
    }
document-left-out-comments = { $count ->
        [one] { $count } comment
       *[other] { $count } comments
    }
document-left-out-changes = tracked changes (the text is shown with every change accepted)
document-left-out-macros = macros
mail-inbound-unreadable = The attached { $name } could not be read. { $problem }
mail-inbound-no-essay = The message holds no essay: write it in the message, or attach it as a .docx, .odt, .md or .txt document.
mail-inbound-no-discussion = No discussion takes essays now, so nothing was saved.
mail-inbound-too-many = You have sent { $count } essays by email today; send more tomorrow, or use the form.
mail-inbound-field-title = The title (the subject of your message)
mail-inbound-field-byline = Your name and place, as your account gives them,
mail-inbound-field-essay = The essay
mail-inbound-field-problem = { $field } { $problem }.
mail-inbound-name-topic = Name the topic on the first line of your message, as "Topic: { $example }". The topics are: { $topics }.
mail-inbound-revision-problem = The { $field } { $problem }.
mail-inbound-short-answer = Your answer has { $words ->
        [one] { $words } word
       *[other] { $words } words
    } and the essay { $before }, so it was not taken as the revised essay. Answer with the whole revised text, or attach it as a document; to ask the editors something, use the piece's page.
mail-inbound-not-yours = This message answers a request for changes to a piece that is not yours, or is no longer there, so nothing was saved. Answer from the address your account uses.
mail-inbound-conflict = { $problem } Nothing was saved.
mail-inbound-error = { $problem }. Nothing was saved.
mail-inbound-refused-subject = Not saved: { $subject }
mail-inbound-your-message = your message
mail-inbound-could-not-use = We could not use your message.
mail-inbound-could-not-use-subject = We could not use "{ $subject }".
mail-inbound-stranger-subject = Your essay was not saved
mail-inbound-stranger = Thank you for writing. Essays sent by email are taken from members' confirmed addresses only, and this address is not one.
mail-inbound-stranger-next = If you are a member, create your account (or confirm your address) with this address, then send your essay again.
mail-inbound-create-account = Create your account
