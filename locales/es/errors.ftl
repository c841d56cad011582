## Lo que Tribune dice que está mal: el problema de un campo (junto al campo, en todos los formularios), un conflicto
## con lo que cambió entretanto, una negativa. La API JSON los da en inglés.


## Cambió entretanto.
conflict-another-editor-has-already-claimed-this = Otro editor ya se ha asignado este envío.
conflict-another-editor-has-claimed-this-submission = Otro editor se ha asignado este envío.
conflict-cannot-be-edited = Un envío en estado «{ $code ->
        [draft] borrador
        [submitted] enviado
        [in_review] en revisión
        [changes_requested] cambios solicitados
        [approved] aprobado
        [published] publicado
        [rejected] rechazado
        [withdrawn] retirado
       *[unpublished] retirado de la publicación
    }» no se puede editar.
conflict-comment-cannot-be = Un comentario en estado «{ $status ->
        [pending] pendiente
        [approved] aprobado
        [rejected] rechazado
       *[hidden] oculto
    }» no se puede { $done ->
        [approved] aprobar
        [rejected] rechazar
       *[hidden] ocultar
    }.
conflict-deadline-passed = Ha vencido el plazo de envío para el debate de «{ $convention }».
conflict-discussion-closed = El debate de «{ $convention }» no está abierto a envíos.
conflict-moved-on = El texto ha cambiado después (último cambio de { $who }, el { $at }); eso ya no se puede deshacer.
conflict-not-held-for-digest = «{ $title }» no es un texto aprobado y reservado para un resumen.
conflict-not-scheduled = Un envío en estado «{ $code ->
        [draft] borrador
        [submitted] enviado
        [in_review] en revisión
        [changes_requested] cambios solicitados
        [approved] aprobado
        [published] publicado
        [rejected] rechazado
        [withdrawn] retirado
       *[unpublished] retirado de la publicación
    }» no está programado para su publicación.
conflict-nothing-done-this-piece-can-undone = Nada de lo hecho con este texto se puede deshacer.
conflict-only-dead-letter-can-retried = Solo se puede reintentar un mensaje no entregado.
conflict-only-editor-who-released-it-can = Solo el editor que lo devolvió a la cola puede deshacer la devolución; asígneselo para revisarlo usted.
conflict-question-cannot-be = Una pregunta en estado «{ $status ->
        [pending] pendiente
        [answered] respondida
        [published] publicada
        [rejected] rechazada
       *[spam] spam
    }» no se puede { $action ->
        [answer] responder
        [publish] publicar (respóndala primero)
        [reject] rechazar
       *[mark_spam] marcar como spam
    }.
conflict-submission-cannot-be = Un envío en estado «{ $code ->
        [draft] borrador
        [submitted] enviado
        [in_review] en revisión
        [changes_requested] cambios solicitados
        [approved] aprobado
        [published] publicado
        [rejected] rechazado
        [withdrawn] retirado
       *[unpublished] retirado de la publicación
    }» no se puede { $action ->
        [submit] enviar a los editores
        [claim] asignar
        [release] devolver a la cola
        [request_changes] devolver para cambios
        [approve] aprobar
        [reject] rechazar
        [publish] publicar
        [withdraw] retirar
        [unpublish] retirar de la publicación
        [reschedule] reprogramar
        [cancel_schedule] quitar de la programación
        [reassign] reasignar
        [undo_reject] volver a poner en revisión
        [undo_unpublish] volver a publicar
       *[undo_release] volver a asignar
    }.
conflict-that-was-already-undone-there-nothing = Eso ya se deshizo; no queda nada más por deshacer.
conflict-the-last-admin-cannot-lose-admin = El último administrador no puede perder el rol de administrador.
conflict-the-question-changed-meanwhile-reload-it = La pregunta cambió entretanto; vuelva a cargarla.
conflict-the-question-changed-while-you-answered = La pregunta cambió mientras la respondía; vuelva a cargarla y responda de nuevo.
conflict-the-submission-changed-meanwhile-reload-it = El envío cambió entretanto; vuelva a cargarlo.
conflict-this-answer-has-already-been-moderated = Esta respuesta ya se ha moderado.
conflict-this-convention-has-no-disclaimer-yet = Esta convención aún no tiene aviso; un administrador debe añadir uno antes de que se publique nada.
conflict-this-convention-has-no-disclaimer-yet-2 = Esta convención aún no tiene aviso.
conflict-this-follow-up-has-already-been = Esta pregunta de seguimiento ya se ha moderado.
conflict-this-piece-held-for-digest-not = Este texto está reservado para un resumen, no programado; publíquelo con un resumen desde la cola.
conflict-this-site-set-up-already-its = Este sitio ya está configurado: sus administradores dan las cuentas y los roles.
conflict-undo-window-passed = { $action ->
    [reject] El rechazo
    [unpublish] La retirada de la publicación
   *[release] La devolución a la cola
    } fue el { $at }; solo se puede deshacer en las { $hours } horas siguientes, y ese plazo ya ha pasado.
conflict-you-have-already-answered-this-request = Ya ha respondido a esta solicitud.

## El problema de un campo.
invalid-all-pieces-must-belong-one-convention = todos los textos deben ser de la misma convención
invalid-already-holds-this-piece = ya tiene asignado este texto
invalid-an-account-with-this-address-already = ya existe una cuenta con esta dirección
invalid-at-least-characters = debe tener al menos { $min } caracteres
invalid-at-most = como máximo { $max }
invalid-at-most-characters = debe tener como máximo { $max } caracteres
invalid-at-most-cosigners = como máximo { $max } cofirmantes
invalid-at-most-pieces-at-once = elija como máximo { $max } textos a la vez
invalid-at-most-tags = como máximo { $max } etiquetas
invalid-at-most-topics = como máximo { $max } temas
invalid-at-most-topics-here = como máximo { $max } aquí; añada más después en la página de la convención
invalid-choose-at-least-one-piece = elija al menos un texto
invalid-choose-at-least-two-different-pieces = elija al menos dos textos distintos
invalid-choose-convention = elija una convención
invalid-choose-document-docx-odt-md-or = elija primero un documento (.docx, .odt, .md o .txt)
invalid-choose-editor = elija un editor
invalid-choose-one-of = elija entre: { $choices }
invalid-choose-topic = elija un tema: { $choices }
invalid-drafts-are-their-authors-own = los borradores solo los ven sus autores
invalid-each-tag-at-most-40-letters = cada etiqueta tiene como máximo 40 letras, cifras, espacios o guiones
invalid-every-co-signer-must-expert = todos los cofirmantes deben ser expertos
invalid-is-already-taken = ya está en uso
invalid-is-not-change-this-page-offered = no es un cambio que esta página ofreciera deshacer
invalid-is-not-cursor-this-list-gave = no es un cursor que haya dado esta lista
invalid-is-not-follow-up = no es una pregunta de seguimiento
invalid-is-one-most-commonly-used-passwords = es una de las contraseñas más usadas; elija otra
invalid-is-required = este campo es obligatorio
invalid-is-required-address-send-again = este campo es obligatorio: la dirección a la que volver a enviar
invalid-is-required-reject-or-changes = este campo es obligatorio: `reject` o `changes`
invalid-must-1-80-lower-case-letters = debe tener de 1 a 80 letras minúsculas, cifras y guiones, sin dos guiones seguidos
invalid-must-2-4000-characters = debe tener de 2 a 4000 caracteres
invalid-must-2-50000-characters = debe tener de 2 a 50000 caracteres
invalid-must-after-discussion-opens-at = debe ser posterior a discussion_opens_at
invalid-must-at-least-10-characters = debe tener al menos 10 caracteres
invalid-must-at-most-100-visible-ascii = debe tener como máximo 100 caracteres ASCII visibles
invalid-must-at-most-10000-characters = debe tener como máximo 10000 caracteres
invalid-must-at-most-200-characters = debe tener como máximo 200 caracteres
invalid-must-at-most-300-characters = debe tener como máximo 300 caracteres
invalid-must-at-most-500-characters = debe tener como máximo 500 caracteres
invalid-must-between-100-and-100 = debe estar entre -100 y 100
invalid-must-claim-release-reject-or-hold = debe ser claim, release, reject o hold
invalid-must-editor = debe tener el rol de editor
invalid-must-email-address-like-name-example = debe ser una dirección de correo electrónico como nombre@example.org
invalid-must-fall-inside-discussion-period = debe estar dentro del periodo de debate
invalid-must-http-or-https-address-or = debe ser una dirección http:// o https://, o una ruta de este sitio como /join
invalid-must-in-future = debe ser una fecha futura
invalid-must-internal-or-author = debe ser internal o author
invalid-must-list-topic-names-convention-slug = debe ser una lista de nombres de temas (convention-slug/topic-slug)
invalid-must-member-non-member-or-body = debe ser member, non_member o body
invalid-must-not-before-starts-on = no puede ser anterior a starts_on
invalid-must-not-contain-spaces-or-line = no puede contener espacios ni saltos de línea
invalid-must-not-empty = no puede estar vacío
invalid-must-pending-answered-published-rejected-or = debe ser pending, answered, published, rejected o spam
invalid-must-pending-approved-rejected-or-hidden = debe ser pending, approved, rejected o hidden
invalid-must-pending-sent-dead-or-suppressed = debe ser pending, sent, dead o suppressed
invalid-must-piece-published-in-this-discussion = debe ser un texto publicado en este debate: pegue su dirección (…/articles/su-nombre) o escriba su título
invalid-must-plain-text = debe ser texto sin formato
invalid-must-positive-whole-number = debe ser un número entero positivo
invalid-must-reject-or-changes = debe ser `reject` o `changes`
invalid-must-single-line-text = debe ser una sola línea de texto
invalid-must-true-or-false = debe ser true o false
invalid-must-whole-number = debe ser un número entero
invalid-must-whole-number-words-from-50 = debe ser un número entero de palabras entre 50 y 20000
invalid-name-taken-by-another-reason = ya es el nombre de { $kind ->
        [reject] otro motivo de rechazo
       *[changes] otra solicitud de cambios
    } de esta convención
invalid-needs-convention = necesita una convención
invalid-no-such-convention = no existe esa convención
invalid-no-such-editor = no existe ese editor
invalid-no-such-topic = no existe ese tema
invalid-no-such-topic-in-this-convention = esta convención no tiene ese tema
invalid-nobody-reviews-their-own-submission = nadie revisa su propio envío
invalid-one-of = debe ser uno de estos valores: { $choices }
invalid-question-length = debe tener de 20 a 4000 caracteres (tiene { $length })
invalid-this-link-not-valid-any-more = este enlace ya no es válido
invalid-this-link-not-valid-any-more-2 = este enlace ya no es válido; pida uno nuevo
invalid-too-long-for-digest = «{ $title }» es demasiado largo para un resumen
invalid-too-long-kb = supera el tamaño máximo de { $kb } KB
invalid-too-many-words = tiene { $words } palabras; el límite de este debate es { $limit }
invalid-topic-title = «{ $title }» { $problem }
invalid-topic-twice = «{ $title }» está dos veces
invalid-video-link = debe ser un enlace https de uno de estos sitios: { $hosts }
invalid-whole-number-from-to = debe ser un número entero de { $min } a { $max }
invalid-years-from-to = debe estar entre los años { $first } y { $last }

## No permitido.
refused-confirm-your-email-address-first-open = Confirme primero su dirección de correo electrónico: abra el enlace que le enviamos.
refused-nobody-approves-or-rejects-answer-they = Nadie puede aprobar ni rechazar una respuesta que haya escrito o que se le haya pedido firmar.
refused-nobody-reviews-approves-or-publishes-their = Nadie puede revisar, aprobar ni publicar su propio envío.
refused-only-members-can-submit-essays = Solo los miembros pueden enviar ensayos.
refused-too-many-attempts = Demasiados intentos. Vuelva a intentarlo dentro de { $seconds } segundos.
refused-wrong-email-or-password = El correo electrónico o la contraseña no son correctos.
refused-you-may-not-do-this = No tiene permiso para hacer esto.

## El problema de un formulario en conjunto.
problem-signed-out = Su sesión ha terminado. Vuelva a iniciar sesión en otra pestaña o ventana y después envíe esto de nuevo: lo que escribió se conserva aquí.
problem-stale-page = Esta página estaba desactualizada. Hemos conservado lo que escribió: envíelo de nuevo.
problem-please-fix = Corrija, por favor: { $problems }.

## El nombre de un campo en el resumen que encabeza un formulario largo.
field-title = Título
field-body = Texto
field-tags = Etiquetas
field-topic = Tema
field-convention = Convención
field-language = Idioma
field-author_kind = Escrito por
field-video_url = Vídeo
field-document = Documento
field-email = Correo electrónico
field-display_name = Nombre
field-location = Dónde vive
field-password = Contraseña
field-name = Nombre
field-reason = Motivo
field-message = Mensaje
field-publish_at = Fecha de publicación
field-slug = Nombre en la dirección
field-starts_on = Primer día
field-ends_on = Último día
field-discussion_opens_at = Apertura del debate
field-discussion_closes_at = Cierre del debate
field-submission_deadline_at = Plazo de envío
field-word_limit = Límite de palabras
field-disclaimer = Aviso
field-framing = Texto de presentación
field-headline = Titular
field-topics = Temas
field-submissions = Textos
field-ids = Textos
field-editor_id = Editor
field-footer = Pie de página
field-organisation = Organización
field-cosigners = Cofirmantes

## Más problemas de campos, conflictos y negativas.
invalid-must-whole-number-days-from-1 = debe ser un número entero de días, de 1 a 3650
invalid-must-me-unassigned-or-editors-id = debe ser me, unassigned o el número de un editor
invalid-must-priority-oldest-or-newest = debe ser priority, oldest o newest
invalid-must-date-and-time-like-2026 = debe ser una fecha y hora como 2026-05-01T09:00:00Z
invalid-must-date-like-2026-06-12 = debe ser una fecha como 2026-06-12
invalid-must-link-like-https-www-youtube = debe ser un enlace como https://www.youtube.com/watch?v=...
refused-confirm-your-email-address-send-this = Confirme su dirección de correo para enviar esto a los editores: abra el enlace que le enviamos, o pida que se lo enviemos de nuevo. Su borrador está guardado.
refused-this-setup-link-not-valid-it = Este enlace de configuración no es válido: no es uno que el servidor haya escrito, o tiene más de 24 horas. Reinicie el servidor y use el enlace que escribe en su registro.
invalid-unshowable = contiene caracteres que no se pueden mostrar (caracteres de control o no caracteres de Unicode)
invalid-link-expired-sign-in = este enlace ya no es válido; pida uno nuevo al iniciar sesión
invalid-not-approved-follow-up = no es una pregunta de seguimiento aprobada de esta pregunta
invalid-digest-words = solo los textos de menos de { $words } palabras entran en un resumen
invalid-not-suppressed = no está bloqueada: el correo ya llega a ella (revise cómo está escrita)
invalid-document-and-essay = eligió un documento y escribió un ensayo: para usar el documento (su texto reemplaza el ensayo), elíjalo de nuevo y pulse «Poner su texto en el formulario»; para conservar lo que escribió, guarde de nuevo
conflict-no-longer-unpublished = El artículo ya no está retirado.
conflict-digest-piece-moved-on = Un texto de este resumen ha cambiado desde que se retiró.
invalid-could-not-check = no se pudo comprobar: { $detail }
invalid-no-such-topics = no existe ese tema: { $topics } (nombre cada uno como convention-slug/topic-slug)
conflict-changed-since-shown = El texto ha cambiado desde que se mostró esta página; vuelva a cargarla.
conflict-changed-cannot-undo = El texto cambió entretanto; eso ya no se puede deshacer.
invalid-not-a-status = `{ $status }` no es un estado

## Por qué no se pudo leer un documento.
document-unsupported-kind = Tribune acepta ensayos en archivos de Word (.docx), OpenDocument (.odt), Markdown (.md) o texto sin formato (.txt). Guarde su ensayo en uno de esos formatos, o pegue el texto.
document-not-what-its-name-says = Este archivo no es el tipo de documento que indica su nombre (.docx, .odt, .md o .txt). Guárdelo de nuevo desde su procesador de textos, o pegue el texto.
document-old-word = Este documento de Word antiguo (.doc) no se puede leer. Ábralo en su procesador de textos, guárdelo como documento de Word (.docx) y suba ese, o pegue el texto.
document-too-large = Este archivo es demasiado grande: Tribune acepta documentos de hasta 10 MB, que ocupen como mucho 50 MB una vez descomprimidos. Guarde una copia sin imágenes, o pegue el texto.
document-encrypted = Este documento está protegido con contraseña, así que Tribune no puede leerlo. Guarde una copia sin contraseña y súbala, o pegue el texto.
document-damaged = Este documento está dañado y no se puede leer. Ábralo en su procesador de textos, guárdelo de nuevo y suba la copia nueva, o pegue el texto.
document-no-text = Este documento no contiene texto. Compruebe que eligió el archivo correcto, o pegue el texto.
invalid-language-is-the-default = es el idioma predeterminado del debate ({ $language }), en el que están los textos propios de la convención

## Por qué un texto de una acción en bloque del escritorio no cambió.
bulk-no-such-submission = No existe ese envío.
bulk-may-not-review = Usted no puede revisar este texto.
bulk-could-not-change = No se pudo cambiar; inténtelo en su propia página.

## More fields' names in the summary above a long form.
field-byline_name = Nombre de la firma
field-byline_location = Ciudad
field-byline_state = Estado o provincia
field-byline_club = Club
field-byline_district = Distrito
field-reply_to = En respuesta a
field-url = Enlace
field-text = Texto
field-label = Etiqueta
field-calls_to_action = Llamadas a la acción
field-q = Búsqueda
invalid-digest-one-language = todos los textos de un resumen deben estar en el mismo idioma
