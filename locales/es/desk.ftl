## The editors' and experts' desk: the review queue (queue.html) and its settings
## (review_settings.html), a piece under review (review.html, changes_request.html), the
## convention's reasons (reasons.html), comment moderation (comments_moderation.html), the mailbag
## inbox (mailbag_inbox.html), and the step before a decision that cannot be undone
## (confirm.html, confirm_undoable.html, and what review.rs, reasons.rs and community.rs put on it).

## What a piece's status is called
status-draft = borrador
status-submitted = enviado
status-in-review = en revisión
status-changes-requested = cambios solicitados
status-approved = aprobado
status-published = publicado
status-rejected = rechazado
status-withdrawn = retirado
status-unpublished = retirado de la publicación

## Words several of these pages share
time-utc = { $time } UTC
scheduled-for = Programado para el
desk-status = Estado
desk-topic = Tema
desk-author = Autor
desk-claimed-by = Asignado a
desk-all = Todos
desk-show = Mostrar
desk-more = Más
desk-none = Nada por ahora.
desk-nothing-here = No hay nada aquí.
desk-what-you-wrote = Lo que usted escribió, para copiarlo:
desk-approve = Aprobar
desk-reject = Rechazar…
desk-save = Guardar
desk-reason = Motivo
desk-reason-none = Ninguno: solo lo que escribo abajo
desk-reason-fills = Al elegir uno se rellena su texto, que aún puede cambiar (si lo deja vacío, se envía el texto del motivo).
desk-edit-reasons = Editar los motivos
desk-authors-members = Miembros
desk-authors-bodies = Organismos (clubes, comités)
desk-authors-non-members = No miembros
final-after-hours = { $hours ->
    [one] Definitivo al cabo de { $hours } hora
   *[other] Definitivo al cabo de { $hours } horas
}

## The review queue
queue-report-heading = Lo que hizo la última acción
queue-done-claimed = Asignados a usted: { $count }
queue-done-released = Devueltos a la cola: { $count }
queue-done-rejected = Rechazados (se escribe a cada autor): { $count }
queue-done-held = Aprobados y reservados para un resumen: { $count }
queue-done-now = — ahora { $status }
queue-not-changed = Sin cambios: { $count }
queue-submission = Envío { $id }
queue-filters = Filtros
queue-convention = Convención
queue-all-conventions = Todas
queue-anyone-or-nobody = Cualquiera o nadie
queue-waiting = En espera
queue-any-time = Cualquier espera
queue-idle = Asignado, sin tocar
queue-any = Cualquiera
queue-order = Orden
queue-clear-filters = Quitar los filtros
facet-count = { $label } ({ $count })
facet-count-more = { $label } (más de { $count })
facet-my-topics = Mis temas
facet-me = Yo
facet-nobody = Nadie
facet-waiting-more-than = { $days ->
    [one] Más de { $days } día
   *[other] Más de { $days } días
}
facet-untouched-for = { $days ->
    [one] Sin tocar desde hace { $days } día
   *[other] Sin tocar desde hace { $days } días
}
sort-priority = Regla de prioridad, luego los más antiguos
sort-oldest = Los más antiguos primero
sort-newest = Los más recientes primero
queue-order-heading = Orden de la cola
queue-order-explained = Lo más alto va primero (de -100 a 100); a igual prioridad, se toma primero lo más antiguo.
queue-change-order = Cambiar el orden
queue-caption = Marque textos para actuar sobre varios a la vez
queue-choose = Elegir
queue-submitted = Enviado
queue-title = Título
queue-publication = Publicación
queue-choose-piece = Elegir { $title }
queue-last-activity = (última actividad: { $date })
queue-held-for-digest = Reservado para un resumen
queue-with-chosen = Con los textos elegidos
queue-claim = Asignármelos
queue-release = Devolverlos a la cola
queue-hold = Aprobarlos y reservarlos para un resumen
queue-reject-reason = Motivo del rechazo (se envía por correo a cada autor)
queue-digest-legend = Un resumen con los textos breves elegidos que esperan uno
queue-digest-explained = Los textos breves aprobados y reservados para un resumen pueden publicarse juntos, cada uno con su propia firma.
queue-digest-title = Título del resumen
queue-digest-publish = Publicar los textos elegidos como un solo resumen

## An editor's topics and daily reminder
review-settings-title = Sus temas y su recordatorio
review-settings-back = Volver a la cola de revisión
review-settings-topics = Temas que sigue
review-settings-topics-explained = Su cola de revisión se abre en los temas que sigue (su filtro Tema ofrece todos los demás), y su recordatorio diario los cubre. Si no sigue ninguno, se incluyen todos los temas.
review-settings-no-topics = Ninguna convención tiene temas todavía.
review-settings-reminder = Recordatorio diario
review-settings-reminder-label = Enviarme una vez al día lo que espera en la cola, los textos que tengo asignados y que nadie ha tocado desde hace un tiempo, y lo que se publica en las próximas 24 horas
review-settings-nothing-sent = No se envía nada un día en que no hay nada que contar.

## A piece under review
review-title = Revisión: { $title }
review-status = Estado:
review-revision = revisión { $number }
review-words = { $count ->
    [one] { $count } palabra
   *[other] { $count } palabras
}
review-published = publicado
review-undo-offer = Puede deshacer { $what } ({ $time }) hasta el
review-undo-offer-by = Puede deshacer { $what } ({ $time }, por { $name }) hasta el
review-undo-what-reject = el rechazo
review-undo-what-unpublish = la retirada de la publicación
review-undo-what-release = la devolución a la cola
review-undo-reject = Deshacer el rechazo
review-undo-unpublish = Deshacer la retirada de la publicación
review-undo-release = Deshacer la devolución a la cola
review-published-then = : se publica en ese momento.
review-change-or-cancel = Cambiar o cancelar
review-held = Aprobado y reservado para un resumen: publíquelo con otros textos breves desde los
review-held-link = textos aprobados
review-diff-heading = Cambios entre revisiones
review-diff-from = Desde la revisión
review-diff-to = hasta la
review-compare = Comparar
review-actions = Acciones
review-claimed-by-another = Otro editor se lo ha asignado: las decisiones son suyas hasta que lo devuelva a la cola.
review-claim = Asignármelo para revisarlo
review-release = Devolverlo a la cola
review-reassign-to = Pasárselo a otro editor
review-reassign = Reasignar (se le avisa por correo)
review-publish-at = Publicar el (UTC; vacío: ahora)
review-hold = Reservarlo, para publicarlo con otros textos breves en un resumen
review-changes-heading = Devolver para cambios
review-changes-message = Cambios que se piden al autor (por correo)
review-request-changes = Pedir cambios
review-schedule-heading = Hora de publicación
review-new-time = Nueva hora (UTC)
review-reschedule = Reprogramar
review-cancel-explained = Al cancelar, sale de la programación y vuelve a revisión, asignado a usted: apruébelo de nuevo para publicarlo, ahora o en otro momento.
review-cancel-schedule = Cancelar la publicación programada
review-comment-heading = Comentario
review-your-comment = Su comentario
review-who-sees-it = Quién lo ve
review-editors-only = Solo los editores
review-author-too = También el autor (por correo)
review-add-comment = Añadir el comentario
review-cannot-be-undone = No se puede deshacer
review-danger-explained = Cada una de estas acciones le pide confirmación en la página siguiente, y envía su motivo al autor por correo.
review-danger-undo = { $hours ->
    [one] Durante { $hours } hora después puede deshacerla aquí; luego es definitiva.
   *[other] Durante { $hours } horas después puede deshacerla aquí; luego es definitiva.
}
review-reject-heading = Rechazar
review-reason-for-author = Motivo para el autor
review-unpublish-heading = Retirar de la publicación
review-unpublish-reason = Motivo de la retirada (se envía por correo al autor)
review-unpublish = Retirar de la publicación…
review-timeline = Historial
timeline-revision = revisión { $number }: «{ $title }», { $words ->
    [one] { $words } palabra
   *[other] { $words } palabras
}
timeline-transition = { $action }: { $from } → { $to }
timeline-message-to-author = mensaje al autor
timeline-note = nota para los editores
timeline-email = correo «{ $subject }» a { $to }: { $state }
timeline-email-queued = en cola
timeline-email-sent = enviado
timeline-email-failed = fallido
timeline-visibility-internal = solo editores
timeline-visibility-author = para el autor
timeline-last-attempt = (último intento: { $error })
timeline-action-submit = envío
timeline-action-claim = asignación
timeline-action-release = devolución a la cola
timeline-action-request-changes = petición de cambios
timeline-action-approve = aprobación
timeline-action-reject = rechazo
timeline-action-publish = publicación
timeline-action-withdraw = retirada por el autor
timeline-action-unpublish = retirada de la publicación
timeline-action-reschedule = reprogramación
timeline-action-cancel-schedule = cancelación de la programación
timeline-action-reassign = reasignación
timeline-action-undo-reject = rechazo deshecho
timeline-action-undo-unpublish = retirada de la publicación deshecha
timeline-action-undo-release = devolución a la cola deshecha
timeline-action-comment = comentario
changes-request-heading = Los editores han pedido cambios

## The convention's reasons
reasons-title = Motivos
reasons-convention-settings = Los ajustes de la convención
reasons-heading = Motivos: { $convention }
reasons-explained = Cuando los editores rechazan un texto o lo devuelven para cambios, la página de revisión les ofrece estos motivos por su nombre; al elegir uno se rellena su texto, que aún pueden cambiar antes de enviarlo.
reasons-for-rejecting = Motivos de rechazo
reasons-changes-to-ask = Cambios que pedir
reasons-none-yet = Ninguno todavía.
reasons-name = Nombre
reasons-body = Texto que se envía al autor
reasons-position = Posición en la lista (los más bajos primero)
reasons-save = Guardar «{ $name }»
reasons-delete = Borrar «{ $name }»
reasons-add-one = Añadir uno
reasons-new-name = Nombre (lo que muestra el selector)
reasons-new-position = Posición en la lista (vacía: al final)
reasons-add = Añadir

## Comment moderation
moderation-heading = Comentarios en espera
moderation-waiting = En espera
moderation-shown = Visibles
moderation-hidden = Ocultos
moderation-on = en
moderation-hide = Ocultar…

## The mailbag inbox
inbox-the-thread = el hilo
inbox-in-the-inbox = en la bandeja
inbox-question-link = pregunta { $id }
inbox-question = Pregunta { $id }
question-status-pending = pendiente
question-status-answered = respondida
question-status-published = publicada
question-status-rejected = rechazada
question-status-spam = spam
inbox-asked = Recibida
inbox-question-column = Pregunta
inbox-from = De
inbox-answers = Respuestas
inbox-followups-waiting = Preguntas de seguimiento en espera
inbox-followups-waiting-explained = Las preguntas de seguimiento de los lectores sobre hilos publicados se muestran bajo ellos cuando un editor las aprueba; después, un experto las responde.
inbox-on = Sobre
inbox-asks = pregunta:
inbox-followups-to-answer = Preguntas de seguimiento por responder
inbox-followups-to-answer-explained = Las preguntas de seguimiento aprobadas se muestran bajo sus hilos; respóndalas desde la página de la pregunta (la respuesta se muestra cuando un editor la aprueba).
inbox-answer-followup = Responder a esta pregunta de seguimiento
inbox-answer-followup-from = de { $name }
inbox-answers-waiting = Respuestas en espera
inbox-answers-waiting-explained = Las respuestas añadidas a hilos ya publicados solo se muestran cuando un editor las aprueba.
inbox-cosignatures = Firmas conjuntas que esperan su confirmación
inbox-cosignatures-explained = Su nombre solo aparece con una respuesta cuando usted lo confirma.
inbox-confirm-signature = Confirmar mi firma
inbox-decline = Declinar

## The step before a decision that cannot be undone
confirm-cannot-be-undone = Esto no se puede deshacer
confirm-go-back = Volver
confirm-final-now = Esto es definitivo: { $what }.
confirm-final-after = { $hours ->
    [one] Esto es definitivo pasada { $hours } hora (hasta entonces puede deshacerlo en la página de revisión): { $what }.
   *[other] Esto es definitivo pasadas { $hours } horas (hasta entonces puede deshacerlo en la página de revisión): { $what }.
}
confirm-bulk-reject-heading = { $count ->
    [one] ¿Rechazar { $count } texto?
   *[other] ¿Rechazar { $count } textos?
}
confirm-bulk-reject-listed = { $count ->
    [one] Se rechazará este texto:
   *[other] Se rechazarán estos { $count } textos:
}
confirm-piece-by = «{ $title }», de { $byline }
confirm-bulk-reject-reason = Se enviará por correo a cada autor este motivo, que aún puede cambiar aquí:
confirm-reason-for-authors = Motivo para los autores
confirm-reject-it = Rechazarlo
confirm-reject-them = Rechazarlos
confirm-reject-heading = ¿Rechazar «{ $title }»?
confirm-rejected-final = un texto rechazado no puede volver a revisarse ni publicarse
confirm-author-emailed = Se enviará por correo al autor este motivo, que aún puede cambiar aquí:
confirm-reject-for-good = Rechazar definitivamente
confirm-unpublish-heading = ¿Retirar «{ $title }» de la publicación?
confirm-readers-lose-it = Los lectores ya no lo encontrarán.
confirm-unpublished-final = no podrá volver a publicarse
confirm-unpublish-digest = Es un resumen de { $count } textos: se retiran todos, y se envía por correo a cada uno de sus autores este motivo, que aún puede cambiar aquí:
confirm-reason-taking-down = Motivo de la retirada
confirm-unpublish-for-good = Retirar definitivamente
confirm-hide-comment = ¿Ocultar este comentario?
confirm-hide-comment-final = Se retira del artículo definitivamente.
confirm-hide-for-good = Ocultar definitivamente
confirm-reject-comment = ¿Rechazar este comentario?
confirm-reject-comment-final = Esto es definitivo: nunca se mostrará.
confirm-delete-reason = ¿Borrar el motivo «{ $name }»?
confirm-delete-reason-pickers = Los editores ya no lo encontrarán en los selectores de motivos.
confirm-delete-reason-kept = Las decisiones ya enviadas conservan su texto.
confirm-delete-it = Borrarlo
inbox-confirm-reject = { $kind ->
    [answer] ¿Rechazar esta respuesta?
    [cosignature] ¿Rechazar esta firma conjunta?
   *[other] ¿Rechazar esta pregunta de seguimiento?
    }
inbox-confirm-reject-final = Es definitivo: nunca se mostrará.
