## A member's pages: registering, signing in, passwords, confirming the address; writing an essay,
## "My submissions" and one submission; asking the mailbag; the inbox page of one question for the
## experts and editors; the problem summary at the top of a long form.

account-email = Correo electrónico
account-password = Contraseña
register-intro = Los miembros se registran para participar en el debate. Le enviaremos por correo un enlace para confirmar su dirección.
register-display-name = Su nombre, tal como aparecerá en sus ensayos
register-location = Dónde vive (ciudad o estado)
register-password = Contraseña (al menos 10 caracteres)
register-already = ¿Ya está registrado?
login-forgotten-password = ¿Ha olvidado su contraseña?
password-reset-title = Contraseña olvidada
password-reset-intro = Escriba su dirección y le enviaremos por correo un enlace para elegir una contraseña nueva.
password-reset-button = Enviarme un enlace
password-reset-confirm-title = Elija una contraseña nueva
password-reset-confirm-new-link = Pida un enlace nuevo
password-reset-confirm-password = Contraseña nueva (al menos 10 caracteres)
password-reset-confirm-button = Guardar la contraseña nueva

accounts-check-email = Revise su correo
accounts-register-sent = Le hemos enviado un enlace para confirmar su dirección. Ábralo para terminar de registrarse.
accounts-address-confirmed = Dirección confirmada
accounts-address-confirmed-text = Gracias: su dirección está confirmada.
accounts-link-expired = El enlace ya no es válido: puede que ya se haya usado o que haya caducado. Inicie sesión y pulse «Volver a enviar el enlace» en su página de envíos para recibir uno nuevo.
accounts-back-to-where-you-were = Volver a donde estaba
accounts-new-link-sent = Hemos enviado un enlace nuevo a { $email }
accounts-new-link-sent-text = Ábralo para confirmar su dirección; después podrá enviar sus ensayos a los editores. Los enlaces que le enviamos antes también sirven. ¿No le ha llegado nada en unos minutos? Mire en la carpeta de correo no deseado (enviamos como mucho unos pocos enlaces por hora).
accounts-already-confirmed = Su dirección ya está confirmada.
accounts-password-reset-sent = Si la dirección tiene una cuenta, le llegará un enlace para elegir una contraseña nueva. Sirve durante 60 minutos.
accounts-password-changed = Contraseña cambiada
accounts-password-changed-text = Su contraseña nueva está guardada, y se ha cerrado su sesión en todas partes.

unconfirmed-heading-this = Confirme su dirección para enviar esto a los editores.
unconfirmed-heading-essays = Confirme su dirección para enviar sus ensayos a los editores.
unconfirmed-text = Ya puede escribir y guardar borradores; para enviar uno a los editores, abra el enlace que le enviamos a { $email }.
unconfirmed-send-again = Volver a enviar el enlace
unconfirmed-new-tab = (se abre en una pestaña nueva, para que lo que ha escrito aquí se conserve)

essay-form-edit-heading = Editar su ensayo
essay-form-save-draft = Guardar el borrador
essay-form-save-revision = Guardar la revisión
essay-form-nothing-saved = No se ha guardado nada: lo que escribió se conserva abajo.
essay-form-converted-text-of = El texto de
essay-form-converted-replaces = sustituye al ensayo en el formulario de abajo. Aún no se ha guardado nada: revíselo, cambie lo que quiera y pulse «{ $button }».
essay-form-converted-left-out = Se ha omitido, porque un ensayo no puede contenerlo: { $items }.
essay-form-convention = Convención
essay-form-convention-option = { $title } (hasta { $words ->
    [one] { $words } palabra
   *[other] { $words } palabras
})
essay-form-title = Título (de 5 a 200 caracteres)
essay-form-body = Su ensayo (Markdown: una línea en blanco entre párrafos, ## para un subtítulo, > para una cita)
essay-form-document = O empiece a partir de un documento
essay-form-document-hint = Word (.docx), OpenDocument (.odt), Markdown (.md) o texto sin formato (.txt), de hasta 10 MB. Su texto sustituye al ensayo de arriba para que lo revise: no se guarda nada hasta que usted guarde, y el archivo no se conserva.
essay-form-convert = Poner su texto en el formulario
essay-form-byline = Firma
essay-form-written-by = Escrito por
essay-form-by-member = un miembro
essay-form-by-non-member = una persona no miembro
essay-form-by-body = un club, comité u otro organismo
essay-form-byline-name = Nombre (el suyo o el del organismo)
essay-form-byline-city = Ciudad
essay-form-byline-state = Estado o provincia (opcional)
essay-form-byline-club = Club (opcional, para miembros)
essay-form-byline-district = Distrito (opcional, para miembros)
essay-form-topic = Tema
essay-form-choose-topic = Elija un tema
essay-form-reply-to = En respuesta a (opcional: pegue la dirección de un texto publicado o escriba su título)
essay-form-video = Una contribución en vídeo: su enlace (opcional; el texto de arriba es entonces su resumen)
essay-form-tags = Etiquetas, separadas por comas (hasta 5)
essay-form-saving-explained = Al guardarlo, queda aquí para usted: solo llega a los editores cuando lo envíe desde su página.

mine-write-new = Escribir un ensayo nuevo
mine-nothing-yet = Todavía no ha escrito nada.
mine-older = Envíos anteriores
mine-title = Título
mine-status = Estado
mine-revisions = Revisiones
mine-last-change = Último cambio
mine-to-be-published = se publicará el { $when } UTC

submission-status = Estado:
submission-revision = revisión { $number }
submission-words = { $count ->
    [one] { $count } palabra
   *[other] { $count } palabras
}
submission-published = publicado
submission-standing-draft = Un borrador: solo usted puede verlo.
submission-standing-changes-requested = Los editores pidieron cambios. Edite el ensayo y después envíe la revisión a los editores: hasta entonces no la verán.
submission-standing-submitted-on = Enviado a los editores el { $when }. Espera en la cola de revisión.
submission-standing-submitted = Enviado a los editores. Espera en la cola de revisión.
submission-standing-in-review = Un editor lo está leyendo.
submission-standing-approved-on = Aprobado: se publicará el { $when }.
submission-standing-approved-digest = Aprobado: se publicará junto con otros textos breves en un resumen.
submission-standing-published = Publicado.
submission-standing-rejected = Los editores no lo aceptaron.
submission-standing-withdrawn = Retirado: está fuera del debate.
submission-standing-unpublished = Retirado de la publicación por los editores.
submission-what-you-can-do = Qué puede hacer
submission-edit-for-editors = Editarlo para los editores
submission-edit = Editar
submission-edit-saves-revision = (guarda una revisión nueva)
submission-send-revision = Enviar la revisión a los editores
submission-send = Enviar a los editores
submission-not-sent-yet = Todavía no se ha enviado a los editores.
submission-from-the-editors = De los editores
submission-withdraw = Retirar
submission-withdraw-explained = Retirar el texto lo saca del debate para siempre; no se podrá volver a enviar. Se le pedirá que lo confirme.
submission-withdraw-button = Retirar…
submission-withdraw-confirm-heading = ¿Retirar «{ $title }»?
submission-withdraw-consequence = Un texto retirado sale del debate y no se puede volver a enviar a los editores.
submission-withdraw-go-back = Vuelva atrás para dejarlo como está.
submission-withdraw-confirm = Retirarlo

mailbag-ask-heading = Pregunte al buzón
mailbag-ask-intro = Nuestros expertos responden a las preguntas de los lectores; las respondidas se publican con su nombre de pila y la inicial de su apellido. Su dirección de correo nunca se muestra.
mailbag-ask-similar = Preguntas como la suya
mailbag-ask-none-similar = No hemos encontrado ninguna pregunta publicada como la suya. Envíela abajo.
mailbag-ask-similar-found = Estas ya tienen respuesta; quizá una de ellas sea lo que busca:
mailbag-ask-topic = Tema
mailbag-ask-body = Su pregunta (de 20 a 4000 caracteres)
mailbag-ask-too-quick = Ha sido muy rápido: revise su pregunta y vuelva a pulsar «Enviar mi pregunta».
mailbag-ask-check-similar = Buscar preguntas parecidas
mailbag-ask-send = Enviar mi pregunta
mailbag-ask-thanks = Gracias por su pregunta
mailbag-ask-thanks-text = Nuestros expertos leen todas las preguntas. Si la suya se responde y se publica, le enviaremos el enlace por correo.
mailbag-ask-back = Volver al buzón

mailbag-question-untitled = La pregunta de un lector
mailbag-question-status = Estado:
mailbag-question-status-pending = pendiente
mailbag-question-status-answered = respondida
mailbag-question-status-published = publicada
mailbag-question-status-rejected = rechazada
mailbag-question-status-spam = spam
mailbag-question-from = de
mailbag-question-published = publicada
mailbag-question-cosignature = { $name }: firma conjunta { $status }
mailbag-question-signature-pending = pendiente
mailbag-question-signature-declined = declinada
mailbag-question-answer-is = Respuesta
mailbag-question-answer-pending = pendiente
mailbag-question-answer-rejected = rechazada
mailbag-question-answer-shown-once = se mostrará cuando un editor la apruebe en la
mailbag-question-inbox = bandeja
mailbag-question-answers = Respuestas
mailbag-question-none-yet = Ninguna todavía.
mailbag-question-answer-heading = Responder
mailbag-question-your-answer = Su respuesta (Markdown)
mailbag-question-also-signed-by = Firmada también por
mailbag-question-add-answer = Añadir la respuesta
mailbag-question-follows-up = vuelve a preguntar ({ $status })
mailbag-question-followup-pending = pendiente
mailbag-question-followup-approved = aprobada
mailbag-question-followup-rejected = rechazada
mailbag-question-followup-shown-once = Se mostrará bajo la conversación cuando un editor la apruebe en la
mailbag-question-your-followup-answer = Su respuesta a esta pregunta de seguimiento (Markdown)
mailbag-question-answer-followup = Responder a la pregunta de seguimiento
mailbag-question-decide = Decidir
mailbag-question-headline = Titular de la conversación pública
mailbag-question-publish = Publicar
mailbag-question-cannot-be-undone = No se puede deshacer
mailbag-question-confirm-explained = Cada botón le pide una confirmación en la página siguiente. Una pregunta rechazada o marcada como spam nunca se responde ni se muestra.
mailbag-question-reason = Nota para los editores (por qué no se responde; opcional)
mailbag-question-reject = Rechazar…
mailbag-question-spam = Marcar como spam…
mailbag-question-confirm-spam = ¿Marcar «{ $excerpt }» como spam?
mailbag-question-confirm-reject = ¿Rechazar la pregunta «{ $excerpt }»?
mailbag-question-confirm-consequence = Es definitivo: la pregunta de { $name } nunca se responderá ni se mostrará públicamente. No se avisa a quien la hizo.
mailbag-question-confirm-spam-button = Marcar como spam definitivamente
mailbag-question-confirm-reject-button = Rechazar definitivamente

form-summary-nothing-changed = No se ha cambiado nada.
form-summary-go-to-form = Ir al formulario
