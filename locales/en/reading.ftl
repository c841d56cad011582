## What readers read: the front page, a convention, its discussion and search, a piece, a topic,
## the transparency report, and subscribing.

home-title = The convention discussion
home-title-convention = { $convention }: the discussion
home-open-until = The discussion is open until { $date }.
to-contribute = to contribute.
home-closed = The discussion is closed.
latest-contributions = Latest contributions
whole-discussion = The whole discussion
from-the-mailbag = From the mailbag
all-answered-questions = All answered questions
home-needs-setup = This site is not set up yet: it has no admin.
home-setup-link = Whoever installed it: when the server started, it printed a setup link to its log (the line that says “Set it up in a browser”). Open that link to create the first admin, name the site and open the first convention; it works for 24 hours, and restarting the server prints a new one.
home-setup-command = Or create an admin on the command line:
home-no-convention = No convention discussion has been opened yet.
open-a-convention = Open a convention

discussion-period = Discussion period: { $start } to { $end }. Essays of up to { $words } words.
read-the-discussion = Read the discussion
atom-feed = Atom feed

discussion-title = Discussion
search-title = Search: { $query }
search-the-discussion = Search the discussion
language = Language
all-languages = All
search-button = Search
discussion-open = The discussion is open: members can
submit-an-essay = submit an essay
until-date = until { $date }.
download-bulletin = Download the whole discussion as a bulletin (EPUB)
how-submissions-were-handled = How submissions were handled
get-new-by-email = Get new contributions by email
nothing-published-short = Nothing published yet.
all-pieces-newest-first = All pieces, newest first
tagged = Tagged “{ $tag }”
all-pieces = all pieces
search-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
} for “{ $query }”
search-results-at-least = At least { $count } results for “{ $query }”: the newest are searched; add a word to narrow them.
nothing-matches = Nothing matches “{ $query }”.

reply-to = Reply:
reply-item = Reply:
watch-video = Watch the video on { $host }
replies = Replies
tags = Tags:
the-convention = The convention
for-programme-see = For the programme, the dates and the place, see
the-convention-page = the convention's page
to-take-part = To take part, read the other contributions and send your own from
the-convention-discussion = the convention discussion
comments = Comments
no-comments-yet = No comments yet.
your-comment = Your comment (an editor reads it before it appears)
send-the-comment = Send the comment
to-comment = to comment.
related-contributions = Related contributions
support-the-organisation = Support the organisation
mailbag-box-prompt = If you have a question about the { $convention }, ask our experts.
no-questions-answered-yet = No questions have been answered yet.
question-short = Q:
answer-short = A:
byline = Submitted by { $name }, { $place }
author-kind-non-member = non-member
author-kind-body = on behalf of a body of the organisation

topic-bulletin = Download this topic as a bulletin (EPUB)
topic-nothing-yet = Nothing has been published on this topic yet.

transparency-received = Pieces received
transparency-published = Published
transparency-returned = Returned to their authors for revision
transparency-rejected = Not published
transparency-median-days = Median days from submission to decision
transparency-no-decisions = no decisions yet

subscribe-title = Subscribe
subscribe-heading = New contributions by email
subscribe-explained = Once a day, when something new is published in the { $convention } discussion, we email you the list. We first send a link to confirm; every message has a one-click unsubscribe link.
your-email = Your email
subscribe-button = Subscribe
unsubscribed = Unsubscribed
unsubscribe = Unsubscribe
unsubscribed-explained = You will receive no more messages about the { $convention } discussion.
changed-your-mind = Changed your mind?
subscribe-again = Subscribe again
subscribe-again-confirm = (we ask you to confirm by email).
unsubscribe-question = Stop receiving the daily list of new contributions to the { $convention } discussion?
epub-video = Video:
subscribe-check-email = Check your email
subscribe-check-email-text = We have sent a link to confirm the subscription. Nothing is sent until you open it.
subscribed = Subscribed
subscribed-text = You will receive new contributions once a day.
link-not-valid = This link does not work
link-not-valid-text = The link is not valid any more.
