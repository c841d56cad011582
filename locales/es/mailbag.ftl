## The mailbag as readers see it: answered questions, a thread, follow-ups.

mailbag = Buzón
mailbag-intro = Los lectores preguntan, nuestros expertos responden.
answer-label = Respuesta:
older-questions = Preguntas anteriores
our-experts-answer = Nuestros expertos responden
followup-questions = Preguntas de seguimiento
follows-up = { $name } vuelve a preguntar:
followup-waiting = Nuestros expertos tienen esta pregunta; su respuesta aparecerá aquí.
ask-a-followup = Hacer una pregunta de seguimiento
your-name = Su nombre
your-email-never-published = Su correo electrónico (nunca se publica)
your-followup = Su pregunta de seguimiento (de 20 a 4000 caracteres)
leave-this-empty = Deje esto vacío
too-quick-followup = Ha sido muy rápido: revise su pregunta y pulse Enviar de nuevo.
send-the-followup = Enviar la pregunta
signed-by = Por { $names }
list-and = { $rest } { $before_i ->
        [yes] e
       *[other] y
    } { $last }
