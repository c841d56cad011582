## The mail Tribune sends (src/email): each message in its reader's language, its subject, its
## words and its links' labels. The signature under every message is `site-tagline` (common.ftl)
## and the organisers' own footer.

mail-hello = Hola, { $name }:
mail-hello-reader = Hola:
mail-hello-stranger = Hola:
mail-ignore-otherwise = En caso contrario, ignore este mensaje.

## Confirming an address (on registration, and "Send the link again").
mail-verify-subject = Confirme su dirección de correo electrónico en { $site }
mail-verify-open = Confirme que esta es su dirección de correo electrónico abriendo este enlace:
mail-verify-confirm = Confirme que esta es su dirección de correo electrónico:
mail-verify-button = Confirmar mi dirección
mail-verify-until = Hasta que la confirme podrá leer e iniciar sesión, pero no enviar ensayos.
mail-verify-not-you = Si no se ha registrado en { $site }, ignore este mensaje.

## Registering an address that has an account already.
mail-already-registered-subject = Ya tiene una cuenta en { $site }
mail-already-registered-tried =
    Alguien, quizá usted, ha intentado registrar una cuenta nueva en { $site } con esta dirección,
    que ya tiene una. No se ha creado ninguna cuenta nueva.
mail-already-registered-choose-here = Si ha olvidado su contraseña, elija una nueva aquí:
mail-already-registered-forgotten = Si ha olvidado su contraseña, { $link }.
mail-already-registered-choose = elija una nueva

## A forgotten password.
mail-reset-subject = Restablezca su contraseña de { $site }
mail-reset-open-within = Para elegir una contraseña nueva en { $site }, abra este enlace { $minutes ->
        [one] en el próximo minuto
       *[other] en los próximos { $minutes } minutos
    }:
mail-reset-link-within = Para elegir una contraseña nueva en { $site }, { $link } { $minutes ->
        [one] en el próximo minuto
       *[other] en los próximos { $minutes } minutos
    }.
mail-reset-open-link = abra este enlace
mail-reset-works-once = El enlace solo sirve una vez. Al elegir una contraseña nueva se cerrarán todas sus demás sesiones.
mail-reset-not-you = Si no lo ha pedido usted, ignore este mensaje: su contraseña sigue siendo la misma.

## The editors' daily reminder.
mail-reminder-subject = Cola de revisión: { $counts }
mail-reminder-count-waiting = { $count } en espera
mail-reminder-count-untouched = { $count ->
        [one] { $count } de los suyos sin tocar
       *[other] { $count } de los suyos sin tocar
    }
mail-reminder-count-scheduled = { $count } por publicar en 24 horas
mail-reminder-intro = Su recordatorio diario de la cola de revisión.
mail-reminder-intro-topics = Su recordatorio diario de la cola de revisión, para los temas que sigue.
mail-reminder-waiting = En espera en la cola: { $count }
mail-reminder-oldest-text = El más antiguo: «{ $title }», de { $author }, lleva { $days ->
        [one] { $days } día
       *[other] { $days } días
    } esperando
mail-reminder-oldest-html = El más antiguo: { $title }, de { $author }, lleva { $days ->
        [one] { $days } día
       *[other] { $days } días
    } esperando.
mail-reminder-the-queue = La cola
mail-reminder-open-queue = Abrir la cola
mail-reminder-untouched = Suyos, sin tocar desde hace { $days ->
        [one] { $days } día
       *[other] { $days } días
    } o más
mail-reminder-untouched-text = «{ $title }», de { $author }, sin tocar desde hace { $days ->
        [one] { $days } día
       *[other] { $days } días
    }
mail-reminder-untouched-html = { $title }, de { $author }, sin tocar desde hace { $days ->
        [one] { $days } día
       *[other] { $days } días
    }
mail-reminder-all-untouched = Todos ellos
mail-reminder-scheduled = Por publicar en las próximas 24 horas
mail-reminder-scheduled-text = { $when }: «{ $title }», de { $author }
mail-reminder-scheduled-html = { $when }: { $title }, de { $author }
mail-reminder-all-scheduled = Todo lo programado
mail-reminder-settings = Sus temas, o dejar de recibir recordatorios

## To the author of a piece, about it.
mail-follow-your-submission = Seguir su envío
mail-see-your-submission = Ver su envío
mail-edit-your-submission = Editar su envío
mail-read-it = Leerlo
mail-received-subject = Recibido: { $title }
mail-received = Hemos recibido «{ $title }» (revisión { $revision }) para el debate de «{ $convention }».
mail-received-next = Los editores del debate lo leerán y le dirán qué ocurre después.
mail-editors-note-subject = Una nota de los editores sobre «{ $title }»
mail-editors-note = Los editores del debate escribieron sobre «{ $title }»:
mail-changes-subject = Cambios solicitados: { $title }
mail-changes = Los editores piden cambios en «{ $title }» antes de poder publicarlo:
mail-changes-next = Edítelo y vuelva a enviarlo; volverá a la cola de revisión.
mail-changes-by-mail = También puede responder a este correo con el ensayo revisado, en su respuesta o como documento adjunto (.docx, .odt, .md o .txt): se convertirá en su próxima revisión, que después podrá repasar y enviar a los editores.
mail-rejected-subject = No publicado: { $title }
mail-rejected = Los editores han decidido no publicar «{ $title }».
mail-their-reason = Su motivo: { $reason }
mail-taken-down-subject = Retirado: { $title }
mail-taken-down = Los editores han retirado «{ $title }» del debate de la convención; los lectores ya no lo ven.
mail-taken-down-digest = Los editores han retirado «{ $title }» (publicado en el resumen «{ $digest }») del debate de la convención; los lectores ya no lo ven.
mail-back-in-review-subject = De nuevo en revisión: { $title }
mail-back-in-review = Los editores han revocado su decisión de no publicar «{ $title }»: vuelve a estar en revisión.
mail-back-in-review-next = Por favor, no tenga en cuenta su mensaje anterior; le dirán lo que decidan.
mail-back-online-subject = Publicado de nuevo: { $title }
mail-back-online = Los editores han vuelto a poner «{ $title }» en el debate de la convención, tal como estaba: los lectores lo ven de nuevo.
mail-back-online-next = Por favor, no tenga en cuenta su mensaje sobre la retirada.
mail-published-subject = Publicado: { $title }
mail-published = «{ $title }» se ha publicado en el debate de la convención.
mail-published-in-digest = «{ $title }» se ha publicado en el debate de la convención, junto con otras contribuciones breves en «{ $digest }», con su propia firma.
mail-comment-subject = Un comentario nuevo sobre «{ $title }»
mail-comment = { $name } ha comentado «{ $title }»:
mail-read-the-discussion = Leer el debate

## To editors.
mail-new-in-queue-subject = Nuevo en la cola de revisión: { $title }
mail-new-in-queue = «{ $title }» espera revisión en el debate de «{ $convention }».
mail-open-in-queue = Abrirlo en la cola de revisión
mail-assigned-subject = Asignado a usted: { $title }
mail-assigned = Ahora le corresponde a usted revisar «{ $title }».
mail-assigned-from = Ahora le corresponde a usted revisar «{ $title }» (lo tenía { $from }).
mail-open-it = Abrirlo

## The mailbag: to whoever asked, and to the experts.
mail-question-received-subject = Hemos recibido su pregunta
mail-question-received = Gracias por escribir al buzón. Nuestros expertos leen todas las preguntas; las que reciben respuesta se publican en el sitio.
mail-question-received-next = Le escribiremos si la suya se publica.
mail-cosign-subject = { $author } le pide que cofirme una respuesta
mail-cosign = { $author } le ha nombrado cofirmante de una respuesta del buzón.
mail-cosign-next = Su nombre solo aparecerá con ella cuando lo confirme; también puede rechazarlo.
mail-cosign-link = Confirmar o rechazar en la bandeja
mail-followup-answered-subject = Una respuesta a su pregunta de seguimiento: { $headline }
mail-followup-answered = Uno de nuestros expertos ha respondido a su pregunta de seguimiento en el buzón.
mail-another-answer-subject = Una respuesta nueva a su pregunta: { $headline }
mail-another-answer = Otro de nuestros expertos ha respondido a su pregunta en el buzón.
mail-question-published-subject = Su pregunta tiene respuesta: { $headline }
mail-question-published = Nuestros expertos han respondido a su pregunta, que ya está publicada en el buzón.
mail-read-the-answer = Leer la respuesta

## Subscribers.
mail-subscribe-subject = Confirme su suscripción al debate de «{ $convention }»
mail-subscribe = Alguien, quizá usted, ha pedido recibir por correo, una vez al día, las nuevas contribuciones al debate de «{ $convention }».
mail-subscribe-next = No se enviará nada a menos que lo confirme. Si no fue usted, ignore este mensaje.
mail-subscribe-link = Confirmar la suscripción
mail-digest-subject = { $convention }: { $count ->
        [one] { $count } novedad
       *[other] { $count } novedades
    } en el debate
mail-digest = Novedades en el debate de «{ $convention }»:
mail-digest-line = { $title }, por { $byline }: { $link }
mail-unsubscribe = Darse de baja

## An admin's test message.
mail-test-subject = Mensaje de prueba de { $site }
mail-test = Este es un mensaje de prueba, enviado por { $sender } desde la página de administración de { $site } el { $day } a las { $time } UTC.
mail-test-reaches = Si lo está leyendo, el correo de { $site } llega a esta dirección: no hay nada que hacer.
mail-test-link = La página de administración

## Answers to mail sent to the discussion's address.
mail-inbound-drafted-subject = Borrador guardado: { $title }
mail-inbound-drafted = Su ensayo «{ $title }» se ha guardado como borrador para «{ $convention }». Solo usted puede verlo.
mail-inbound-drafted-next = Revíselo, corrija lo que la conversión haya hecho mal y envíelo a los editores desde su página.
mail-inbound-revised-subject = Revisión guardada: { $title }
mail-inbound-revised = Su respuesta se ha guardado como revisión { $revision } de «{ $title }». Los editores aún no la ven.
mail-inbound-revised-next = Revísela y envíe la revisión a los editores desde su página.
mail-inbound-look-over = Revisarlo y enviarlo
mail-inbound-left-out = Se ha omitido, porque un ensayo no puede contenerlo: { $items }.
mail-inbound-left-out-attachment = el adjunto { $name } (solo se lee el primer documento)
mail-inbound-left-out-kind = el adjunto { $name } (no es un documento .docx, .odt, .md ni .txt)
mail-inbound-unnamed-attachment = sin nombre
document-left-out-images = { $count ->
        [one] { $count } imagen
       *[other] { $count } imágenes
    }
document-left-out-objects = { $count ->
        [one] { $count } objeto incrustado
       *[other] { $count } objetos incrustados
    }
document-left-out-comments = { $count ->
        [one] { $count } comentario
       *[other] { $count } comentarios
    }
document-left-out-changes = el control de cambios (el texto se muestra con todos los cambios aceptados)
document-left-out-macros = las macros
mail-inbound-unreadable = No se ha podido leer el adjunto { $name }. { $problem }
mail-inbound-no-essay = El mensaje no contiene ningún ensayo: escríbalo en el mensaje o adjúntelo como documento .docx, .odt, .md o .txt.
mail-inbound-no-discussion = Ahora mismo ningún debate acepta ensayos, así que no se ha guardado nada.
mail-inbound-too-many = Hoy ya ha enviado { $count } ensayos por correo; envíe más mañana o use el formulario.
mail-inbound-field-title = El título (el asunto de su mensaje)
mail-inbound-field-byline = Su nombre y su lugar, tal como figuran en su cuenta
mail-inbound-field-essay = El ensayo
mail-inbound-field-problem = { $field }: { $problem }.
mail-inbound-name-topic = Indique el tema en la primera línea de su mensaje, así: «Tema: { $example }». Los temas son: { $topics }.
mail-inbound-revision-problem = { $field ->
        [title] El título
        [body] El ensayo
       *[other] El campo «{ $field }»
    }: { $problem }.
mail-inbound-short-answer = Su respuesta tiene { $words ->
        [one] { $words } palabra
       *[other] { $words } palabras
    } y el ensayo { $before }, así que no se ha tomado como el ensayo revisado. Responda con todo el texto revisado, o adjúntelo como documento; para preguntar algo a los editores, use la página del texto.
mail-inbound-not-yours = Este mensaje responde a una solicitud de cambios sobre un texto que no es suyo, o que ya no existe, así que no se ha guardado nada. Responda desde la dirección de su cuenta.
mail-inbound-conflict = { $problem } No se ha guardado nada.
mail-inbound-error = { $problem }. No se ha guardado nada.
mail-inbound-refused-subject = No guardado: { $subject }
mail-inbound-your-message = su mensaje
mail-inbound-could-not-use = No hemos podido usar su mensaje.
mail-inbound-could-not-use-subject = No hemos podido usar «{ $subject }».
mail-inbound-stranger-subject = Su ensayo no se ha guardado
mail-inbound-stranger = Gracias por escribirnos. Solo aceptamos ensayos por correo desde las direcciones confirmadas de los miembros, y esta no es una de ellas.
mail-inbound-stranger-next = Si es miembro, cree su cuenta (o confirme su dirección) con esta dirección y vuelva a enviar su ensayo.
mail-inbound-create-account = Crear su cuenta
