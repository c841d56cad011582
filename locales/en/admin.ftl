## What admins read: the admin page (/admin), conventions and their topics and disclaimers
## (/admin/conventions), and the first run's setup page (/setup).

admin-conventions-and-disclaimers = Conventions and disclaimers
admin-reasons-to-pick-from = Reasons for rejecting and changes to ask for, which editors pick from:
admin-on-this-page = On this page
admin-on-this-page-list = On this page:
admin-site-heading = The site
admin-users-heading = Users and roles
admin-editors-heading = Editors' topics and reminders
admin-mail-heading = Mail
admin-undelivered-heading = Undelivered email
admin-suppressed-heading = Suppressed addresses

admin-site-explained = Every page, email and bulletin carries these. The calls to action stand under every article, in this order; leave a row empty for none.
admin-site-title = The site's title, in every page's header
admin-organisation = The organisation's name
admin-footer = Footer text: a line or two at the foot of every page (optional)
admin-call-to-action = Call to action { $number }
admin-call-to-action-text = Words before the link (optional)
admin-call-to-action-label = The link's label (e.g. Join now)
admin-call-to-action-url = Where it goes: an https:// address or a path such as /mailbag
admin-save-site = Save the site's settings

admin-user = User
admin-roles = Roles
admin-not-verified = (not verified)
admin-role-member = member
admin-role-editor = editor
admin-role-expert = expert
admin-role-admin = admin
admin-save-roles = Save roles of { $name }
admin-more-users = More users

admin-editors-explained = An editor's daily reminder covers the topics they follow (none followed: every topic). Editors change their own at
admin-nobody-is-editor = Nobody holds the editor role.
admin-editor = Editor
admin-topics-and-reminder = Topics followed and daily reminder
admin-every-topic = Every topic
admin-reminder-on = reminder on
admin-reminder-off = reminder off
admin-daily-reminder = Daily reminder
admin-save-editor = Save topics and reminder of { $name }

admin-mail-goes-out-as = Mail goes out as:
admin-to-deliver-mail-set = To deliver mail, set
admin-and-restart = and restart Tribune.
admin-send-test-to = Send a test message to
admin-send-test = Send a test message
admin-test-sent = Sent to { $to }: the mail server took it. If it does not arrive, look in that mailbox's spam folder.
admin-test-written = Written as a file for { $to }: nothing is delivered with this transport.
admin-test-failed = Not sent to { $to }: { $error }. It is listed under Undelivered email below; once the problem is fixed, Try again sends it.
admin-test-sending = Not sent to { $to } yet: the mail server has not answered. Its outcome will show under Recent messages; reload this page to see it.
admin-no-reason = no reason recorded
admin-recent-messages = Recent messages
admin-nothing-queued = No message has been queued yet.
admin-message = Message
admin-queued-column = Queued
admin-queued = Queued
admin-what-became-of-it = What became of it
admin-to-recipient = to { $recipient }
admin-mail-sent-at = Sent { $at }
admin-mail-sent = Sent
admin-mail-failed = Failed after { $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
}: { $error }
admin-mail-retrying = Being retried ({ $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
} so far): { $error }

admin-all-delivered = Every message has been delivered or is still being tried.
admin-attempts = Attempts
admin-last-error = Last error
admin-action = Action
admin-try-again = Try again

admin-suppressed-explained = These addresses bounced for good or their owner reported our mail as spam, so nothing is sent to them but password resets and address confirmations. Each message not sent says so in the outbox. Clear an address once its owner has fixed their mailbox or asks for mail again.
admin-send-to-an-address-again = Send to an address again
admin-send-to-this-address-again = Send to this address again
admin-nothing-suppressed = No address is suppressed.
admin-suppressed-newest = The { $shown } most recent of { $total } suppressed addresses; type any other above.
admin-address = Address
admin-why = Why
admin-send-to-again = Send to { $address } again
admin-hard-bounce-on = hard bounce on { $date }: { $diagnostic }
admin-complaint-on = complaint on { $date }: { $diagnostic }

## /admin/conventions

admin-conventions = Conventions
admin-convention = Convention
admin-change-the-convention = Change the convention
admin-new-convention = New convention
admin-convention-slug = Address name (e.g. 31st-national)
admin-convention-number = Number (31 for the 31st)
admin-convention-title = Title
admin-convention-location = Location
admin-first-day = First day (YYYY-MM-DD)
admin-last-day = Last day (YYYY-MM-DD)
admin-discussion-opens = Discussion opens (UTC)
admin-discussion-closes = Discussion closes (UTC)
admin-submission-deadline = Submission deadline (UTC; empty: when the discussion closes)
admin-word-limit = Word limit for essays
admin-homepage-text = Homepage text
admin-save = Save
admin-reasons = Reasons for rejecting and changes to ask for
admin-reasons-explained = : the texts editors pick from when they decide.
admin-topics = Topics
admin-topics-explained = Each piece belongs to one topic; each topic has a framing text that opens its page.
admin-topic-slug = Topic address name (a new one adds a topic, an existing one changes it)
admin-topic-title = Topic title
admin-framing-text = Framing text
admin-topic-position = Position in the list
admin-save-topic = Save the topic
admin-disclaimer-explained = Each change adds a new version; pieces already published keep the version they were published with.
admin-disclaimer-version = Version { $version }, { $date }
admin-new-disclaimer = New disclaimer text
admin-add-version = Add this version

## /setup

setup-title = Set up this site
setup-intro = Name the site, make yourself its first admin and, if you like, open the first convention's discussion now. This page works once: afterwards, everything here can be changed on the admin pages.
setup-nothing-set-up = Nothing was set up yet: what you typed is kept below (but for the password).
setup-your-organisation = Your organisation
setup-organisation = The organisation's name (e.g. Riverside Socialists)
setup-site-title = The site's title, in every page's header (e.g. Riverside Tribune)
setup-you-first-admin = You, the first admin
setup-your-name = Your name
setup-email = Your email address (you sign in with it)
setup-location = Where you live (city or state)
setup-password = Password (at least 10 characters)
setup-first-convention = The first convention (you can also open it later)
setup-open-convention = Open the first convention's discussion now
setup-convention-title = Its title (e.g. The 31st National Convention)
setup-convention-location = Where it meets
setup-discussion-opens = The discussion opens (UTC)
setup-discussion-closes = The discussion closes (UTC)
setup-disclaimer = The disclaimer every published piece carries
setup-topics = Its topics, one per line (optional; each gets a page whose framing text you can write later)
setup-button = Set up the site
setup-refused = The site cannot be set up with this link
setup-front-page = The front page

## The Atom feeds and the EPUB bulletin, in the discussion's default language (they are shared by
## every reader).

atom-title-convention = { $convention }: convention discussion
atom-title-site = { $site }: new contributions
bulletin-title = { $convention }: the discussion
bulletin-contents = Contents
bulletin-about = About this bulletin

## The convention's page for admins: its texts and its topics' in the discussion's other languages.

admin-translations = In other languages
admin-translations-explained = Readers who read in one of these languages get the texts given here, and the ones above where none is given.
admin-save-translation = Save the texts in { $language }
