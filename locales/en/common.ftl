## Words every page shares: the header, the footer, dates.

month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
date = { $month } { $day }, { $year }
date-range-same-month = { $start_month } { $start_day }–{ $end_day }, { $year }
date-range-same-year = { $start_month } { $start_day } – { $end_month } { $end_day }, { $year }
date-range = { $start } – { $end }

skip-to-content = Skip to content
nav-site = Site
nav-mailbag = Mailbag
nav-submit = Submit an essay
nav-my-submissions = My submissions
nav-review-queue = Review queue
nav-comments = Comments
nav-mailbag-inbox = Mailbag inbox
nav-admin = Admin
nav-languages = Language
signed-in-as = Signed in as
sign-out = Sign out
sign-in = Sign in
register = Register
feed-title = New contributions
feed-title-convention = { $convention }: new contributions
site-tagline = { $title }, the convention discussion
site-tagline-of = { $title }, the convention discussion of { $organisation }
by-name = by { $name }
older-pieces = Older pieces
nothing-published-yet = Nothing has been published yet.
back-to-front-page = Back to the front page
read-more = Read more
read-more-about = about { $headline }
asks = { $name } asks:
ask-a-question = Ask a question
see-all-answers = See all answers
convention-discussion = Convention discussion
disclaimer = Disclaimer

error-unauthorized = Please sign in
error-unauthorized-explained = This page is for members who are signed in.
error-forbidden = Not allowed
error-forbidden-explained = Your account may not do this.
error-not-found = Page not found
error-not-found-explained = There is nothing at this address. It may have been moved or unpublished.
error-method-not-allowed = Not available that way
error-method-not-allowed-explained = This address does not take that kind of request.
error-conflict = This has changed
error-conflict-explained = Someone changed this meanwhile. Reload the page and try again.
error-too-large = Too much at once
error-too-large-explained = What was sent is larger than this page takes.
error-unprocessable = Please check what you sent
error-unprocessable-explained = Something in what was sent could not be taken as it is.
error-too-many = Too many attempts
error-too-many-explained = Please wait a little before trying again.
error-unavailable = Busy for a moment
error-unavailable-explained = The site is busy. Please try again in a moment.
error-server = Something went wrong
error-server-explained = Something went wrong on our side. Please try again later.
error-bad-request = That request could not be read
error-bad-request-explained = The address or what was sent could not be read.
