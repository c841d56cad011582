## What admins read: the admin page (/admin), conventions and their topics and disclaimers
## (/admin/conventions), and the first run's setup page (/setup).

admin-conventions-and-disclaimers = Convenciones y avisos
admin-reasons-to-pick-from = Motivos de rechazo y cambios que pedir, entre los que eligen los editores:
admin-on-this-page = En esta página
admin-on-this-page-list = En esta página:
admin-site-heading = El sitio
admin-users-heading = Usuarios y roles
admin-editors-heading = Temas y recordatorios de los editores
admin-mail-heading = Correo
admin-undelivered-heading = Correo no entregado
admin-suppressed-heading = Direcciones bloqueadas

admin-site-explained = Todas las páginas, los correos y los boletines llevan estos datos. Las llamadas a la acción aparecen bajo cada artículo, en este orden; deje una fila vacía si no quiere ninguna.
admin-site-title = El título del sitio, en la cabecera de cada página
admin-organisation = El nombre de la organización
admin-footer = Texto del pie: una o dos líneas al pie de cada página (opcional)
admin-call-to-action = Llamada a la acción { $number }
admin-call-to-action-text = Texto antes del enlace (opcional)
admin-call-to-action-label = El texto del enlace (p. ej., Afíliese ya)
admin-call-to-action-url = Adónde lleva: una dirección https:// o una ruta como /mailbag
admin-save-site = Guardar los ajustes del sitio

admin-user = Usuario
admin-roles = Roles
admin-not-verified = (sin verificar)
admin-role-member = miembro
admin-role-editor = editor
admin-role-expert = experto
admin-role-admin = administrador
admin-save-roles = Guardar los roles de { $name }
admin-more-users = Más usuarios

admin-editors-explained = El recordatorio diario de un editor abarca los temas que sigue (si no sigue ninguno: todos los temas). Cada editor cambia los suyos en
admin-nobody-is-editor = Nadie tiene el rol de editor.
admin-editor = Editor
admin-topics-and-reminder = Temas que sigue y recordatorio diario
admin-every-topic = Todos los temas
admin-reminder-on = recordatorio activado
admin-reminder-off = recordatorio desactivado
admin-daily-reminder = Recordatorio diario
admin-save-editor = Guardar los temas y el recordatorio de { $name }

admin-mail-goes-out-as = El correo sale por:
admin-to-deliver-mail-set = Para entregar el correo, defina
admin-and-restart = y reinicie Tribune.
admin-send-test-to = Enviar un mensaje de prueba a
admin-send-test = Enviar un mensaje de prueba
admin-test-sent = Enviado a { $to }: el servidor de correo lo aceptó. Si no llega, mire en la carpeta de correo no deseado de ese buzón.
admin-test-written = Escrito como archivo para { $to }: con este transporte no se entrega nada.
admin-test-failed = No se envió a { $to }: { $error }. Aparece abajo, en Correo no entregado; una vez resuelto el problema, Reintentar lo envía.
admin-test-sending = Aún no se ha enviado a { $to }: el servidor de correo no ha respondido. Su resultado aparecerá en Mensajes recientes; vuelva a cargar esta página para verlo.
admin-no-reason = sin motivo registrado
admin-recent-messages = Mensajes recientes
admin-nothing-queued = Todavía no se ha puesto ningún mensaje en cola.
admin-message = Mensaje
admin-queued-column = Puesto en cola
admin-queued = En cola
admin-what-became-of-it = Qué fue de él
admin-to-recipient = para { $recipient }
admin-mail-sent-at = Enviado el { $at }
admin-mail-sent = Enviado
admin-mail-failed = Falló tras { $attempts ->
    [one] { $attempts } intento
   *[other] { $attempts } intentos
}: { $error }
admin-mail-retrying = Se está reintentando ({ $attempts ->
    [one] { $attempts } intento
   *[other] { $attempts } intentos
} hasta ahora): { $error }

admin-all-delivered = Todos los mensajes se han entregado o se siguen intentando.
admin-attempts = Intentos
admin-last-error = Último error
admin-action = Acción
admin-try-again = Reintentar

admin-suppressed-explained = Estas direcciones rebotaron de forma definitiva o su titular marcó nuestro correo como spam, así que no se les envía nada salvo los restablecimientos de contraseña y las confirmaciones de dirección. Cada mensaje no enviado lo indica en la bandeja de salida. Desbloquee una dirección cuando su titular haya arreglado su buzón o vuelva a pedir correo.
admin-send-to-an-address-again = Volver a enviar a una dirección
admin-send-to-this-address-again = Volver a enviar a esta dirección
admin-nothing-suppressed = No hay ninguna dirección bloqueada.
admin-suppressed-newest = Las { $shown } más recientes de { $total } direcciones bloqueadas; escriba arriba cualquier otra.
admin-address = Dirección
admin-why = Motivo
admin-send-to-again = Volver a enviar a { $address }
admin-hard-bounce-on = rebote definitivo el { $date }: { $diagnostic }
admin-complaint-on = queja el { $date }: { $diagnostic }

## /admin/conventions

admin-conventions = Convenciones
admin-convention = Convención
admin-change-the-convention = Modificar la convención
admin-new-convention = Nueva convención
admin-convention-slug = Nombre para la dirección web (p. ej., 31st-national)
admin-convention-number = Número (31 para la 31.ª)
admin-convention-title = Título
admin-convention-location = Lugar
admin-first-day = Primer día (AAAA-MM-DD)
admin-last-day = Último día (AAAA-MM-DD)
admin-discussion-opens = Apertura del debate (UTC)
admin-discussion-closes = Cierre del debate (UTC)
admin-submission-deadline = Plazo de envío (UTC; vacío: al cerrarse el debate)
admin-word-limit = Límite de palabras de los ensayos
admin-homepage-text = Texto de la portada
admin-save = Guardar
admin-reasons = Motivos de rechazo y cambios que pedir
admin-reasons-explained = : los textos entre los que eligen los editores al decidir.
admin-topics = Temas
admin-topics-explained = Cada texto pertenece a un tema; cada tema tiene un texto de presentación que abre su página.
admin-topic-slug = Nombre del tema para la dirección web (uno nuevo añade un tema; uno existente lo modifica)
admin-topic-title = Título del tema
admin-framing-text = Texto de presentación
admin-topic-position = Posición en la lista
admin-save-topic = Guardar el tema
admin-disclaimer-explained = Cada cambio añade una versión nueva; los textos ya publicados conservan la versión con la que se publicaron.
admin-disclaimer-version = Versión { $version }, { $date }
admin-new-disclaimer = Texto del nuevo aviso
admin-add-version = Añadir esta versión

## /setup

setup-title = Configurar este sitio
setup-intro = Dé un nombre al sitio, hágase su primer administrador y, si quiere, abra ya el debate de la primera convención. Esta página solo funciona una vez: después, todo lo de aquí se puede cambiar en las páginas de administración.
setup-nothing-set-up = Todavía no se ha configurado nada: lo que escribió se conserva abajo (salvo la contraseña).
setup-your-organisation = Su organización
setup-organisation = El nombre de la organización (p. ej., Socialistas de Riverside)
setup-site-title = El título del sitio, en la cabecera de cada página (p. ej., Tribuna de Riverside)
setup-you-first-admin = Usted, el primer administrador
setup-your-name = Su nombre
setup-email = Su dirección de correo electrónico (con ella inicia sesión)
setup-location = Dónde vive (ciudad o región)
setup-password = Contraseña (al menos 10 caracteres)
setup-first-convention = La primera convención (también puede abrirla más tarde)
setup-open-convention = Abrir ya el debate de la primera convención
setup-convention-title = Su título (p. ej., 31.ª Convención Nacional)
setup-convention-location = Dónde se reúne
setup-discussion-opens = El debate se abre (UTC)
setup-discussion-closes = El debate se cierra (UTC)
setup-disclaimer = El aviso que lleva cada texto publicado
setup-topics = Sus temas, uno por línea (opcional; cada uno tiene una página cuyo texto de presentación puede escribir más tarde)
setup-button = Configurar el sitio
setup-refused = Con este enlace no se puede configurar el sitio
setup-front-page = La portada

## The Atom feeds and the EPUB bulletin, in the discussion's default language (they are shared by
## every reader).

atom-title-convention = { $convention }: debate de la convención
atom-title-site = { $site }: nuevas contribuciones
bulletin-title = { $convention }: el debate
bulletin-contents = Índice
bulletin-about = Sobre este boletín

## The convention's page for admins: its texts and its topics' in the discussion's other languages.

admin-translations = En otros idiomas
admin-translations-explained = Quienes leen en uno de estos idiomas ven los textos que dé aquí y, donde no haya ninguno, los de arriba.
admin-save-translation = Guardar los textos ({ $language })
