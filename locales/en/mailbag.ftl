## The mailbag as readers see it: answered questions, a thread, follow-ups.

mailbag = Mailbag
mailbag-intro = Readers ask, our experts answer.
answer-label = Answer:
older-questions = Older questions
our-experts-answer = Our experts answer
followup-questions = Follow-up questions
follows-up = { $name } follows up:
followup-waiting = Our experts have this follow-up; their answer will appear here.
ask-a-followup = Ask a follow-up question
your-name = Your name
your-email-never-published = Your email (never published)
your-followup = Your follow-up (20 to 4000 characters)
leave-this-empty = Leave this empty
too-quick-followup = That was quick — please check your follow-up and press Send again.
send-the-followup = Send the follow-up
signed-by = By { $names }
list-and = { $rest } and { $last }
