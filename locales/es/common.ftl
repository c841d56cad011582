## Words every page shares: the header, the footer, dates.

month = { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] septiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
}
date = { $day } de { $month } de { $year }
date-range-same-month = { $start_day }–{ $end_day } de { $start_month } de { $year }
date-range-same-year = { $start_day } de { $start_month } – { $end_day } de { $end_month } de { $year }
date-range = { $start } – { $end }

skip-to-content = Ir al contenido
nav-site = Sitio
nav-mailbag = Buzón
nav-submit = Enviar un ensayo
nav-my-submissions = Mis envíos
nav-review-queue = Cola de revisión
nav-comments = Comentarios
nav-mailbag-inbox = Bandeja del buzón
nav-admin = Administración
nav-languages = Idioma
signed-in-as = Sesión iniciada como
sign-out = Cerrar sesión
sign-in = Iniciar sesión
register = Registrarse
feed-title = Nuevas contribuciones
feed-title-convention = { $convention }: nuevas contribuciones
site-tagline = { $title }, el debate de la convención
site-tagline-of = { $title }, el debate de la convención de { $organisation }
by-name = por { $name }
older-pieces = Textos anteriores
nothing-published-yet = Todavía no se ha publicado nada.
back-to-front-page = Volver a la portada
read-more = Leer más
read-more-about = sobre { $headline }
asks = { $name } pregunta:
ask-a-question = Hacer una pregunta
see-all-answers = Ver todas las respuestas
convention-discussion = Debate de la convención
disclaimer = Aviso

error-unauthorized = Inicie sesión, por favor
error-unauthorized-explained = Esta página es para miembros con la sesión iniciada.
error-forbidden = No permitido
error-forbidden-explained = Su cuenta no puede hacer esto.
error-not-found = Página no encontrada
error-not-found-explained = No hay nada en esta dirección. Puede que se haya movido o retirado.
error-method-not-allowed = No disponible de esa forma
error-method-not-allowed-explained = Esta dirección no acepta ese tipo de petición.
error-conflict = Esto ha cambiado
error-conflict-explained = Alguien lo cambió entretanto. Vuelva a cargar la página e inténtelo de nuevo.
error-too-large = Demasiado de una vez
error-too-large-explained = Lo enviado es mayor de lo que admite esta página.
error-unprocessable = Revise lo que envió, por favor
error-unprocessable-explained = Algo de lo enviado no se pudo aceptar tal como está.
error-too-many = Demasiados intentos
error-too-many-explained = Espere un poco antes de volver a intentarlo.
error-unavailable = Ocupado un momento
error-unavailable-explained = El sitio está ocupado. Inténtelo de nuevo en un momento.
error-server = Algo salió mal
error-server-explained = Algo salió mal por nuestra parte. Inténtelo de nuevo más tarde.
error-bad-request = No se pudo leer la petición
error-bad-request-explained = No se pudo leer la dirección o lo enviado.
