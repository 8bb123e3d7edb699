import type { common as english } from '../en/common.ts';

/** Spanish texts: the frame every page shares: the shell, the home page, forms and validation, errors, help. */
export const common: typeof english = {
  app: {
    name: 'Autofin',
    documentTitle: '{{page}} · Autofin',
  },
  shell: {
    skipToContent: 'Saltar al contenido',
    homeLink: 'Página principal de Autofin',
    mainNavigation: 'Principal',
    menu: 'Menú',
    nav: {
      home: 'Inicio',
      loanCalculator: 'Calculadora de préstamo',
      leaseCalculator: 'Calculadora de arrendamiento',
      help: 'Ayuda',
      signIn: 'Iniciar sesión',
      account: 'Su cuenta',
    },
    footer: {
      about: 'Autofin: portal de código abierto para financiamiento de autos.',
      estimates:
        'Los resultados de las calculadoras son estimados para planificar; no son ofertas de crédito ni de condiciones de arrendamiento.',
      help: 'Si necesita ayuda con su cuenta, comuníquese con su compañía financiera.',
    },
  },
  home: {
    title: 'Planifique los pagos de su auto',
    lead: 'Calcule cuánto le costaría cada mes un préstamo o un arrendamiento de auto antes de firmar, y cuánto le costaría en total.',
    loan: {
      title: 'Calculadora de préstamo',
      body: 'Pago mensual, cargo financiero y el calendario de pagos mes a mes de un préstamo de auto.',
      link: 'Abrir la calculadora de préstamo',
    },
    lease: {
      title: 'Calculadora de arrendamiento',
      body: 'Pago mensual con impuesto sobre las ventas, a partir del precio, el valor residual y el factor monetario.',
      link: 'Abrir la calculadora de arrendamiento',
    },
    signIn: {
      title: 'Su cuenta',
      body: 'Los clientes de una compañía financiera que usa Autofin inician sesión aquí.',
      link: 'Iniciar sesión',
    },
  },
  form: {
    errorSummaryTitle: 'Hay un problema',
    errorSummaryItem: '{{label}}: {{message}}',
  },
  validation: {
    money: {
      required: 'Ingrese un monto en dólares, como 25,000.00.',
      format: 'Ingrese un monto en dólares y centavos, como 25,000.00.',
      decimals: 'Use como máximo dos dígitos para los centavos, como 25,000.50.',
      tooSmall: 'Ingrese al menos {{min}}.',
      tooBig: 'Ingrese como máximo {{max}}.',
    },
    percent: {
      required: 'Ingrese un porcentaje, como 6.49.',
      format: 'Ingrese un porcentaje con un máximo de cuatro decimales, como 6.49.',
    },
    decimal: {
      required: 'Ingrese un número, como 0.00125.',
      format: 'Ingrese un número decimal, como 0.00125.',
    },
    months: {
      required: 'Ingrese la cantidad de meses, como 60.',
      format: 'Ingrese un número entero de meses, como 60.',
      tooSmall_one: 'Ingrese al menos {{count}} mes.',
      tooSmall_other: 'Ingrese al menos {{count}} meses.',
      tooBig_one: 'Ingrese como máximo {{count}} mes.',
      tooBig_other: 'Ingrese como máximo {{count}} meses.',
    },
    text: {
      required: 'Complete este campo.',
      tooBig: 'Use como máximo {{max}} caracteres.',
      custom:
        'Use solo letras, números y signos de puntuación: sin saltos de línea, caracteres de control ni marcas de dirección invisibles.',
    },
  },
  errors: {
    network: 'No pudimos comunicarnos con el servidor. Revise su conexión e inténtelo de nuevo.',
    badResponse: 'El servidor envió una respuesta que esta página no entiende. Inténtelo de nuevo más tarde.',
    internal:
      'Algo salió mal de nuestro lado. Inténtelo de nuevo; si el problema continúa, comuníquese con nosotros.',
    reference: 'Referencia: {{requestId}}',
    unexpected: 'Algo salió mal en esta página. Vuelva a cargarla e inténtelo de nuevo.',
  },
  notFound: {
    title: 'No se encontró la página',
    body: 'No hay ninguna página en esta dirección. Si la escribió usted, revísela; de lo contrario, vaya a la página principal.',
    home: 'Ir a la página principal',
  },
  failure: {
    title: 'Algo salió mal',
    body: 'No se pudo mostrar esta página. Vuelva a cargarla para intentarlo de nuevo o vaya a la página principal.',
    home: 'Ir a la página principal',
  },
  datePicker: {
    calendar: 'Elegir una fecha en el calendario',
    previousMonth: 'Mes anterior',
    nextMonth: 'Mes siguiente',
  },
  help: {
    title: 'Ayuda',
    lead: 'Respuestas a preguntas comunes, cómo comunicarse con nosotros y qué hacer si no puede iniciar sesión.',
    contactTitle: 'Comuníquese con nosotros',
    contactLead:
      'Llame a {{name}} por cualquier asunto de su cuenta, una liquidación, su título u otra consulta.',
    phone: 'Teléfono',
    hours: 'Horario',
    contactNote:
      'Nunca le pediremos su contraseña ni un código de inicio de sesión por teléfono, correo electrónico ni mensaje de texto. Quien se los pida no somos nosotros.',
    lockedTitle: '¿Su cuenta está bloqueada?',
    lockedLead:
      'Después de 10 intentos fallidos seguidos de inicio de sesión, su cuenta se bloquea durante 24 horas. Espere e inténtelo de nuevo, restablezca su contraseña (eso también la desbloquea) o llámenos al {{phone}}. ¿Perdió el teléfono que tiene su aplicación de autenticación? Inicie sesión con un código de recuperación o llámenos.',
    links: {
      forgotUserId: '¿Olvidó su Id. de usuario?',
      forgotPassword: '¿Olvidó su contraseña?',
      profile: 'Ir a su perfil',
      preferences: 'Ir a sus preferencias de comunicación',
      security: 'Ir a la configuración de seguridad',
      register: 'Configurar el acceso en línea',
    },
    calculatorsTitle: 'Planifique un préstamo o un arrendamiento',
    calculatorsLead:
      'Calcule un pago mensual antes de firmar: las calculadoras están disponibles para todos.',
    faqTitle: 'Preguntas frecuentes',
    searchLabel: 'Buscar en las preguntas',
    searchPlaceholder: 'Por ejemplo: liquidación, título, cargo por pago atrasado',
    clearSearch: 'Borrar',
    matches_one: '{{count}} de {{total}} preguntas coincide.',
    matches_other: '{{count}} de {{total}} preguntas coinciden.',
    noMatch:
      'Ninguna pregunta coincide con esas palabras. Pruebe con otras palabras o llámenos al {{phone}} ({{hours}}).',
    faq: {
      payment: {
        q: '¿Cómo hago un pago?',
        a: 'Inicie sesión y abra su cuenta para ver el monto adeudado y la fecha de vencimiento. Para pagar, llámenos al {{phone}} ({{hours}}) o envíe por correo un cheque con su número de cuenta a la dirección que aparece en su estado de cuenta.',
      },
      dueDate: {
        q: '¿Cuándo vence mi pago?',
        a: 'La página de su cuenta muestra la próxima fecha de vencimiento y el monto. Los pagos vencen el mismo día cada mes; si ese día es el 29, 30 o 31, en los meses más cortos vencen el último día del mes.',
      },
      changeDueDate: {
        q: '¿Puedo cambiar mi fecha de vencimiento?',
        a: 'Llámenos al {{phone}}. Que se pueda cambiar la fecha de vencimiento depende de su contrato y de que su cuenta esté al día.',
      },
      lateFee: {
        q: '¿Me cobrarán un cargo por pago atrasado?',
        a: 'Solo según lo permitan su contrato y su estado: el contrato indica el cargo y cuántos días después de la fecha de vencimiento se aplica. La página de su cuenta muestra cualquier monto vencido y cuántos días de atraso tiene.',
      },
      payoff: {
        q: '¿Cómo obtengo una cotización de liquidación?',
        a: 'Abra su cuenta y elija Liquidación. Elija una fecha de validez desde hoy hasta 30 días después para ver el monto de liquidación y el interés diario, y descargue una carta de liquidación para dársela a un comprador o a un concesionario.',
      },
      payoffChanges: {
        q: '¿Por qué cambia mi monto de liquidación de un día a otro?',
        a: 'Los intereses de un préstamo se acumulan todos los días, así que el monto para liquidarlo aumenta con el interés diario (per diem) hasta que llega el pago. Una cotización es válida hasta la fecha que eligió.',
      },
      title: {
        q: '¿Cuándo recibo mi título después de liquidar?',
        a: 'Cuando se acreditan los fondos de la liquidación, liberamos nuestro gravamen. Según su estado, le enviamos el título por correo o se libera en forma electrónica a la agencia de vehículos motorizados de su estado. Verifique que la dirección postal de su perfil esté actualizada.',
      },
      leaseEnd: {
        q: '¿Qué opciones tengo al final de mi arrendamiento?',
        a: 'Puede devolver el vehículo o comprarlo por el precio de la opción de compra que indica su contrato. Si lo devuelve, puede aplicarse un cargo por devolución, además de cargos por las millas que excedan lo permitido y por desgaste excesivo. El resumen de su contrato muestra estas cifras.',
      },
      mileage: {
        q: '¿Cómo sé si me pasé del millaje de mi arrendamiento?',
        a: 'Abra su arrendamiento y elija Vehículo. Ingrese la lectura de su odómetro para ver las millas usadas del millaje permitido hasta la fecha, las millas proyectadas al final del arrendamiento y cuánto sería el cargo por exceso de millaje según la tarifa de su contrato.',
      },
      registration: {
        q: '¿Quién renueva el registro del vehículo y paga los impuestos?',
        a: 'Usted renueva el registro en la agencia de vehículos motorizados de su estado, en un préstamo y, en la mayoría de los estados, también en un arrendamiento. Si necesita una copia del título o un formulario firmado por nosotros para el registro, llámenos al {{phone}}.',
      },
      address: {
        q: '¿Cómo cambio mi dirección o mi número de teléfono?',
        a: 'En su perfil. Es posible que primero le pidamos confirmar que es usted, con su contraseña y un código de inicio de sesión, y le enviamos un correo electrónico cada vez que cambia su dirección o su teléfono.',
      },
      name: {
        q: '¿Cómo cambio mi nombre en la cuenta?',
        a: 'Llámenos al {{phone}}. Le pediremos un documento que muestre el nombre nuevo, como un acta de matrimonio o una orden judicial.',
      },
      reminders: {
        q: '¿Puedo recibir un recordatorio antes de que venza mi pago?',
        a: 'Sí. En las preferencias de comunicación de su perfil, elija cuántos días antes de la fecha de vencimiento (de 1 a 15) y si le llega por correo electrónico o por mensaje de texto.',
      },
      paperless: {
        q: '¿Puedo dejar de recibir estados de cuenta en papel?',
        a: 'Sí. En su perfil, abra Estados de cuenta sin papel: lea el consentimiento para documentos electrónicos, abra el documento de prueba para demostrar que puede leer archivos PDF y acepte. Puede volver al papel en cualquier momento en la misma página.',
      },
      twoStep: {
        q: '¿Por qué necesito un código o una llave de acceso para iniciar sesión?',
        a: 'La verificación en dos pasos protege su cuenta aunque alguien averigüe su contraseña. Use una aplicación de autenticación, una llave de acceso o códigos por mensaje de texto o correo electrónico; adminístrelos en su configuración de seguridad. Guarde sus códigos de recuperación en un lugar seguro.',
      },
      lockedOut: {
        q: 'Mi cuenta está bloqueada. ¿Qué hago?',
        a: 'Después de 10 intentos fallidos seguidos de inicio de sesión, la cuenta se bloquea durante 24 horas. Espere e inténtelo de nuevo, restablezca su contraseña (eso también la desbloquea) o llámenos al {{phone}}.',
      },
      forgotUserId: {
        q: 'Olvidé mi Id. de usuario.',
        a: 'Pida un recordatorio: le enviamos su Id. de usuario a la dirección de correo electrónico de su cuenta.',
      },
      coBorrower: {
        q: '¿Mi coprestatario o cofirmante puede ver la cuenta?',
        a: 'Sí, con su propio usuario: cada persona del contrato configura su acceso en línea con sus propios datos e Id. de usuario. Nunca comparta su contraseña ni sus códigos de inicio de sesión.',
      },
    },
  },
};
