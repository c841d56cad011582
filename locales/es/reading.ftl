## What readers read: the front page, a convention, its discussion and search, a piece, a topic,
## the transparency report, and subscribing.

home-title = El debate de la convención
home-title-convention = { $convention }: el debate
home-open-until = El debate está abierto hasta el { $date }.
to-contribute = para contribuir.
home-closed = El debate está cerrado.
latest-contributions = Últimas contribuciones
whole-discussion = Todo el debate
from-the-mailbag = Del buzón
all-answered-questions = Todas las preguntas respondidas
home-needs-setup = Este sitio aún no está configurado: no tiene administrador.
home-setup-link = Para quien lo instaló: al arrancar, el servidor escribió en su registro un enlace de configuración (la línea que dice “Set it up in a browser”). Abra ese enlace para crear el primer administrador, dar nombre al sitio y abrir la primera convención; vale durante 24 horas, y al reiniciar el servidor se escribe uno nuevo.
home-setup-command = O cree un administrador en la línea de órdenes:
home-no-convention = Todavía no se ha abierto ningún debate de convención.
open-a-convention = Abrir una convención

discussion-period = Periodo de debate: del { $start } al { $end }. Ensayos de hasta { $words } palabras.
read-the-discussion = Leer el debate
atom-feed = Canal Atom

discussion-title = Debate
search-title = Búsqueda: { $query }
search-the-discussion = Buscar en el debate
language = Idioma
all-languages = Todos
search-button = Buscar
discussion-open = El debate está abierto: los miembros pueden
submit-an-essay = enviar un ensayo
until-date = hasta el { $date }.
download-bulletin = Descargar todo el debate como boletín (EPUB)
how-submissions-were-handled = Cómo se trataron los envíos
get-new-by-email = Recibir las nuevas contribuciones por correo
nothing-published-short = Aún no hay nada publicado.
all-pieces-newest-first = Todos los textos, los más recientes primero
tagged = Con la etiqueta «{ $tag }»
all-pieces = todos los textos
search-results = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
} para «{ $query }»
search-results-at-least = Al menos { $count } resultados para «{ $query }»: se buscan los más recientes; añada una palabra para acotarlos.
nothing-matches = Nada coincide con «{ $query }».

reply-to = Respuesta a:
reply-item = Respuesta:
watch-video = Ver el vídeo en { $host }
replies = Respuestas
tags = Etiquetas:
the-convention = La convención
for-programme-see = Para el programa, las fechas y el lugar, vea
the-convention-page = la página de la convención
to-take-part = Para participar, lea las demás contribuciones y envíe la suya desde
the-convention-discussion = el debate de la convención
comments = Comentarios
no-comments-yet = Aún no hay comentarios.
your-comment = Su comentario (un editor lo lee antes de que aparezca)
send-the-comment = Enviar el comentario
to-comment = para comentar.
related-contributions = Contribuciones relacionadas
support-the-organisation = Apoye a la organización
mailbag-box-prompt = Si tiene una pregunta sobre «{ $convention }», pregunte a nuestros expertos.
no-questions-answered-yet = Aún no se ha respondido ninguna pregunta.
question-short = P:
answer-short = R:
byline = Enviado por { $name }, { $place }
author-kind-non-member = no miembro
author-kind-body = en nombre de un organismo de la organización

topic-bulletin = Descargar este tema como boletín (EPUB)
topic-nothing-yet = Todavía no se ha publicado nada sobre este tema.

transparency-received = Textos recibidos
transparency-published = Publicados
transparency-returned = Devueltos a sus autores para revisión
transparency-rejected = No publicados
transparency-median-days = Mediana de días entre el envío y la decisión
transparency-no-decisions = aún no hay decisiones

subscribe-title = Suscribirse
subscribe-heading = Nuevas contribuciones por correo
subscribe-explained = Una vez al día, cuando se publica algo nuevo en el debate de «{ $convention }», le enviamos la lista por correo. Primero enviamos un enlace para confirmar; cada mensaje tiene un enlace para darse de baja con un clic.
your-email = Su correo electrónico
subscribe-button = Suscribirse
unsubscribed = Baja confirmada
unsubscribe = Darse de baja
unsubscribed-explained = No recibirá más mensajes sobre el debate de «{ $convention }».
changed-your-mind = ¿Ha cambiado de opinión?
subscribe-again = Suscribirse de nuevo
subscribe-again-confirm = (le pediremos que lo confirme por correo).
unsubscribe-question = ¿Dejar de recibir la lista diaria de nuevas contribuciones al debate de «{ $convention }»?
epub-video = Vídeo:
subscribe-check-email = Revise su correo
subscribe-check-email-text = Le hemos enviado un enlace para confirmar la suscripción. No se envía nada hasta que lo abra.
subscribed = Suscripción confirmada
subscribed-text = Recibirá las nuevas contribuciones una vez al día.
link-not-valid = Este enlace no funciona
link-not-valid-text = El enlace ya no es válido.
