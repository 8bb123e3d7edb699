import type { identity as english } from '../en/identity.ts';

/** Spanish texts: sign-in, the second factor, registration, recovery and the security page. */
export const identity: typeof english = {
  signIn: {
    title: 'Iniciar sesión',
    lead: 'Inicie sesión en su cuenta con su Id. de usuario y su contraseña.',
    submit: 'Iniciar sesión',
    submitting: 'Iniciando sesión…',
    unavailable: 'El inicio de sesión todavía no está disponible en este servidor.',
    showPassword: 'Mostrar',
    hidePassword: 'Ocultar',
    showPasswordLabel: 'Mostrar contraseña',
    hidePasswordLabel: 'Ocultar contraseña',
    passwordShown: 'Su contraseña está visible.',
    passwordHidden: 'Su contraseña está oculta.',
    passkey: {
      title: 'Iniciar sesión con una llave de acceso',
      lead: 'Si agregó una llave de acceso a su cuenta, solo necesita su huella digital, su rostro o el PIN de su dispositivo: sin Id. de usuario, contraseña ni código.',
      // Not "Iniciar sesión…": the password form's button has that name, and one name should not contain the other.
      button: 'Usar una llave de acceso',
      pending: 'Esperando su llave de acceso…',
      cancelled: 'Se canceló el inicio de sesión con llave de acceso.',
    },
    help: {
      label: 'Ayuda para iniciar sesión',
      forgotUserId: '¿Olvidó su Id. de usuario?',
      forgotPassword: '¿Olvidó su contraseña?',
      register: '¿Es nuevo? Inscríbase para tener acceso en línea',
    },
    notices: {
      signedOut: 'Cerró sesión.',
      pleaseSignIn: 'Inicie sesión.',
      timedOut: 'Se cerró su sesión después de 15 minutos sin actividad.',
      sessionEnded: 'Su sesión llegó a su límite de tiempo, por lo que se cerró. Vuelva a iniciar sesión.',
      signInExpired:
        'Se agotó el tiempo para iniciar sesión antes de que terminara. Vuelva a ingresar su Id. de usuario y su contraseña.',
    },
    fields: {
      userId: {
        label: 'Id. de usuario',
        errors: { required: 'Ingrese su Id. de usuario.' },
      },
      password: {
        label: 'Contraseña',
        errors: { required: 'Ingrese su contraseña.' },
      },
    },
  },
  verify: {
    title: 'Confirme que es usted',
    submit: 'Continuar',
    submitting: 'Verificando…',
    sending: 'Enviando…',
    resend: 'Enviar un código nuevo',
    sentAgain:
      'Enviamos un código nuevo a {{destination}}. Solo funciona el código más reciente, durante 10 minutos.',
    otherWays: 'Otras formas de confirmar que es usted',
    switchTo: {
      totp: 'Usar su aplicación de autenticación',
      recovery: 'Usar un código de recuperación',
      email: 'Enviarme un código por correo electrónico',
      sms: 'Enviarme un código por mensaje de texto',
      passkey: 'Usar su llave de acceso',
    },
    totp: {
      lead: 'Ingrese el código de 6 dígitos de su aplicación de autenticación.',
    },
    recovery: {
      lead: 'Ingrese uno de los códigos de recuperación que guardó cuando configuró su aplicación de autenticación. Cada código funciona una sola vez.',
    },
    email: {
      lead: 'Podemos enviar un código a la dirección de correo electrónico de su cuenta.',
      sentLead:
        'Enviamos un código por correo electrónico a {{destination}}. Ingréselo a continuación: funciona durante 10 minutos.',
    },
    sms: {
      lead: 'Podemos enviar un código por mensaje de texto a su teléfono celular.',
      sentLead:
        'Enviamos un código por mensaje de texto a {{destination}}. Ingréselo a continuación: funciona durante 10 minutos.',
    },
    passkey: {
      lead: 'Use la llave de acceso de este dispositivo o la de su teléfono.',
      button: 'Usar su llave de acceso',
      pending: 'Esperando su llave de acceso…',
      cancelled: 'No se usó la llave de acceso. Inténtelo de nuevo o elija otra forma a continuación.',
    },
    fields: {
      totp: {
        label: 'Código de 6 dígitos',
        description: 'El código cambia cada 30 segundos. Ingrese el que muestra su aplicación ahora.',
        errors: {
          required: 'Ingrese el código de 6 dígitos de su aplicación de autenticación.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
      recovery: {
        label: 'Código de recuperación',
        description: '10 letras y dígitos, como ABCDE-12345.',
        errors: {
          required: 'Ingrese uno de sus códigos de recuperación.',
          format:
            'Un código de recuperación tiene 10 letras y dígitos, con o sin el guion, como ABCDE-12345.',
        },
      },
      email: {
        label: 'Código del correo electrónico',
        description: '6 dígitos. Solo funciona el código más reciente que enviamos.',
        errors: {
          required: 'Ingrese el código que le enviamos por correo electrónico.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
      sms: {
        label: 'Código del mensaje de texto',
        description: '6 dígitos. Solo funciona el código más reciente que enviamos.',
        errors: {
          required: 'Ingrese el código que le enviamos por mensaje de texto.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
    },
  },
  security: {
    title: 'Configuración de seguridad',
    lead: 'Cómo inicia sesión y dónde tiene la sesión iniciada.',
  },
  sessionTimeout: {
    title: 'Su sesión está por terminar',
    idle: 'No ha tenido actividad por un tiempo. Por su seguridad, su sesión se cerrará en {{time}}.',
    absolute: 'Su sesión llegó a su límite de tiempo. Por su seguridad, su sesión se cerrará en {{time}}.',
    timeLeft: 'Tiempo restante: {{time}}.',
    stay: 'Mantener la sesión iniciada',
    staying: 'Manteniendo la sesión iniciada…',
    close: 'Continuar',
    signOut: 'Cerrar sesión',
  },
  passwordField: {
    show: 'Mostrar',
    hide: 'Ocultar',
    showLabel: 'Mostrar {{label}}',
    hideLabel: 'Ocultar {{label}}',
    shown: 'La contraseña está visible.',
    hidden: 'La contraseña está oculta.',
  },
  device: {
    browserOnOs: '{{browser}} en {{os}}',
    someBrowserOnOs: 'Un navegador en {{os}}',
    unknown: 'Un navegador desconocido',
  },
  recoveryHelp: {
    label: 'Otra ayuda',
    signIn: 'Volver a iniciar sesión',
    forgotUserId: '¿Olvidó su Id. de usuario?',
    forgotPassword: '¿Olvidó su contraseña?',
    checkSpam:
      'Puede tardar unos minutos en llegar. Si no lo encuentra, revise su carpeta de correo no deseado o comuníquese con nosotros.',
  },
  forgotUserId: {
    title: '¿Olvidó su Id. de usuario?',
    lead: 'Ingrese la dirección de correo electrónico de su cuenta. Le enviaremos su Id. de usuario por correo electrónico.',
    submit: 'Enviarme mi Id. de usuario',
    submitting: 'Enviando…',
    sent: 'Si esa dirección de correo electrónico corresponde a una cuenta, le enviamos a esa dirección su Id. de usuario.',
    fields: {
      email: {
        label: 'Dirección de correo electrónico',
        errors: { required: 'Ingrese su dirección de correo electrónico.' },
      },
    },
  },
  forgotPassword: {
    title: '¿Olvidó su contraseña?',
    lead: 'Ingrese su Id. de usuario. Le enviaremos a la dirección de correo electrónico de su cuenta un enlace para elegir una contraseña nueva.',
    submit: 'Enviarme un enlace',
    submitting: 'Enviando…',
    sent: 'Si ese Id. de usuario corresponde a una cuenta, enviamos a su dirección de correo electrónico un enlace para elegir una contraseña nueva. El enlace funciona una sola vez, durante 1 hora.',
    fields: {
      userId: {
        label: 'Id. de usuario',
        errors: { required: 'Ingrese su Id. de usuario.' },
      },
    },
  },
  resetPassword: {
    title: 'Elija una contraseña nueva',
    lead: 'Su contraseña nueva reemplaza a la anterior, y se cierra la sesión en todos los dispositivos donde la tenga iniciada.',
    submit: 'Guardar la contraseña nueva',
    submitting: 'Guardando…',
    done: 'Se cambió su contraseña. Todavía necesita su segundo factor para iniciar sesión.',
    signIn: 'Iniciar sesión',
    linkInvalid: 'Este enlace venció, ya se usó o está incompleto.',
    requestNew: 'Pedir un enlace nuevo',
    fields: {
      password: {
        label: 'Contraseña nueva',
        errors: { required: 'Ingrese una contraseña nueva.' },
      },
    },
  },
  stepUp: {
    title: 'Confirme que es usted para cambiar esta configuración',
    lead: 'Por su seguridad, ingrese su contraseña y un código. Después podrá hacer cambios durante 5 minutos.',
    leadPasswordOnly:
      'Por su seguridad, ingrese su contraseña. Después podrá hacer cambios durante 5 minutos.',
    until: 'Puede cambiar su configuración hasta las {{time}}.',
    loading: 'Cargando…',
    retry: 'Intentar de nuevo',
    methodLabel: 'Su código proviene de',
    methods: {
      totp: 'Su aplicación de autenticación',
      sms: 'Un mensaje de texto',
      email: 'Un correo electrónico',
      recovery: 'Un código de recuperación',
    },
    send: {
      email: 'Enviarme un código por correo electrónico',
      sms: 'Enviarme un código por mensaje de texto',
    },
    sendAgain: {
      email: 'Enviarme un código nuevo por correo electrónico',
      sms: 'Enviarme un código nuevo por mensaje de texto',
    },
    sending: 'Enviando…',
    codeSent: 'Enviamos un código a {{destination}}. Funciona durante 10 minutos.',
    submit: 'Confirmar',
    submitting: 'Verificando…',
    passkeyLead: 'O confirme con una llave de acceso en lugar de su contraseña y un código.',
    passkey: 'Usar una llave de acceso',
    passkeyPending: 'Esperando su llave de acceso…',
    passkeyCancelled: 'No se usó la llave de acceso. Inténtelo de nuevo o ingrese su contraseña y un código.',
    needed: 'Para cambiar esto, primero confirme que es usted.',
    goToPanel: 'Confirmar que es usted',
    fields: {
      password: {
        label: 'Contraseña',
        errors: { required: 'Ingrese su contraseña.' },
      },
      totp: {
        label: 'Código de 6 dígitos de su aplicación',
        description: 'El código cambia cada 30 segundos. Ingrese el que muestra su aplicación ahora.',
        errors: {
          required: 'Ingrese el código de 6 dígitos de su aplicación de autenticación.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
      sms: {
        label: 'Código del mensaje de texto',
        errors: {
          required: 'Ingrese el código de 6 dígitos que le enviamos por mensaje de texto.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
      email: {
        label: 'Código del correo electrónico',
        errors: {
          required: 'Ingrese el código de 6 dígitos que le enviamos por correo electrónico.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
      recovery: {
        label: 'Código de recuperación',
        description: '10 letras y dígitos, como ABCDE-12345. Cada código funciona una sola vez.',
        errors: {
          required: 'Ingrese uno de sus códigos de recuperación.',
          format:
            'Un código de recuperación tiene 10 letras y dígitos, con o sin el guion, como ABCDE-12345.',
        },
      },
    },
  },
  passwordSection: {
    title: 'Contraseña',
    lead: 'Si cambia su contraseña, se cerrará su sesión en todos los demás dispositivos.',
    submit: 'Cambiar la contraseña',
    submitting: 'Cambiando…',
    done: 'Se cambió su contraseña. Su sesión sigue iniciada aquí; se cerró en todos los demás dispositivos.',
    fields: {
      currentPassword: {
        label: 'Contraseña actual',
        errors: { required: 'Ingrese su contraseña actual.' },
      },
      newPassword: {
        label: 'Contraseña nueva',
        errors: { required: 'Ingrese una contraseña nueva.' },
      },
    },
  },
  authenticatorSection: {
    title: 'Aplicación de autenticación',
    loading: 'Cargando…',
    retry: 'Intentar de nuevo',
    appOn: 'Usted inicia sesión con códigos de una aplicación de autenticación.',
    appOff: 'No ha configurado una aplicación de autenticación.',
    appDone: 'Su aplicación de autenticación está configurada.',
    setUp: 'Configurar una aplicación de autenticación',
    replace: 'Cambiar a una aplicación de autenticación nueva',
    replaceNote:
      '¿Tiene un teléfono nuevo? Configure la aplicación allí: los códigos de la anterior dejarán de funcionar.',
    cancel: 'Cancelar',
    codesTitle: 'Códigos de recuperación',
    codesOn:
      'Le quedan códigos de recuperación. Cada uno funciona una sola vez, para iniciar sesión sin su teléfono.',
    codesNone:
      'No le quedan códigos de recuperación. Obtenga códigos nuevos para poder iniciar sesión si pierde su teléfono.',
    codesNeedApp:
      'Los códigos de recuperación vienen con una aplicación de autenticación: primero configure una.',
    regenerateNote: 'Los códigos nuevos reemplazan a todos sus códigos anteriores.',
    regenerate: 'Obtener códigos de recuperación nuevos',
    regenerating: 'Obteniendo códigos nuevos…',
    newCodesTitle: 'Sus códigos de recuperación nuevos',
    newCodesLead:
      'Guarde estos códigos ahora en un lugar seguro, como un administrador de contraseñas: no se volverán a mostrar. Cada uno funciona una sola vez. Sus códigos anteriores ya no funcionan.',
    savedCodes: 'Ya guardé mis códigos',
  },
  sessionsSection: {
    title: 'Dispositivos y sesiones',
    lead: 'Dónde tiene la sesión iniciada ahora. Cierre la sesión en cualquier dispositivo que no reconozca y luego cambie su contraseña.',
    loading: 'Cargando sus sesiones…',
    retry: 'Intentar de nuevo',
    onlyHere: 'Tiene la sesión iniciada solo en este dispositivo.',
    thisDevice: 'Este dispositivo',
    ip: 'Dirección IP',
    unknownIp: 'Desconocida',
    started: 'Inicio de sesión',
    lastActive: 'Última actividad',
    now: 'Ahora',
    revoke: 'Cerrar sesión',
    revokeLabel: 'Cerrar sesión en {{device}}',
    revoking: 'Cerrando sesión…',
    revoked: 'Se cerró la sesión en {{device}}.',
    everywhereTitle: 'Cerrar sesión en todas partes',
    everywhereLead: 'Termina todas las sesiones en todos los teléfonos y computadoras, incluido este.',
    everywhere: 'Cerrar sesión en todos los dispositivos',
    signingOut: 'Cerrando sesión…',
  },
  historySection: {
    title: 'Historial de inicios de sesión',
    lead: 'Sus últimos 50 inicios de sesión e intentos. Si alguno no fue usted, cambie su contraseña y cierre la sesión en todos los dispositivos.',
    loading: 'Cargando su historial de inicios de sesión…',
    retry: 'Intentar de nuevo',
    empty: 'Todavía no hay inicios de sesión.',
    caption: 'Inicios de sesión e intentos, del más reciente al más antiguo',
    unknownIp: 'Desconocida',
    columns: { time: 'Hora', result: 'Qué pasó', ip: 'Dirección IP', device: 'Dispositivo' },
    results: {
      signed_in: 'Inició sesión',
      password_ok: 'Contraseña correcta; se pidió el segundo paso',
      bad_password: 'Contraseña incorrecta',
      bad_code: 'Código incorrecto',
      bad_passkey: 'No se aceptó la llave de acceso',
      locked: 'Rechazado: la cuenta estaba bloqueada',
      no_factor: 'Contraseña correcta; se pidió configurar un segundo paso',
      stepped_up: 'Confirmó que era usted',
      bad_step_up: 'No pudo confirmar que era usted',
    },
    otherResult: 'Otro ({{result}})',
  },
  passkeys: {
    title: 'Llaves de acceso',
    lead: 'Una llave de acceso le permite iniciar sesión con su huella digital, su rostro o el PIN de su dispositivo, sin escribir contraseñas ni códigos. Se guarda en su teléfono, su computadora o su administrador de contraseñas y funciona solo en este sitio web, así que no se la pueden robar con un fraude de phishing.',
    unsupported:
      'Este navegador no puede crear llaves de acceso. Use un navegador actualizado, como Chrome, Edge, Firefox o Safari.',
    loading: 'Cargando sus llaves de acceso…',
    retry: 'Intentar de nuevo',
    none: 'Todavía no tiene llaves de acceso.',
    synced: 'Sincronizada',
    added: 'Agregada',
    lastUsed: 'Último uso',
    neverUsed: 'Todavía no se usó',
    add: 'Agregar una llave de acceso',
    adding: 'Esperando su dispositivo…',
    addedNotice: 'Llave de acceso agregada: {{name}}. Ya puede iniciar sesión con ella.',
    defaultName: 'Llave de acceso ({{device}})',
    plainName: 'Llave de acceso',
    rename: 'Cambiar nombre',
    renameLabel: 'Cambiar el nombre de {{name}}',
    renameTitle: 'Cambiar el nombre de la llave de acceso',
    save: 'Guardar',
    saving: 'Guardando…',
    renamed: 'La llave de acceso ahora se llama {{name}}.',
    remove: 'Eliminar',
    removeLabel: 'Eliminar {{name}}',
    removeTitle: '¿Eliminar esta llave de acceso?',
    removeBody:
      '“{{name}}” ya no le permitirá iniciar sesión. Elimínela si perdió el dispositivo o ya no lo usa. Es posible que la llave de acceso siga en el dispositivo: bórrela allí también.',
    confirmRemove: 'Eliminar la llave de acceso',
    removing: 'Eliminando…',
    removed: 'Llave de acceso eliminada: {{name}}.',
    cancel: 'Cancelar',
    fields: {
      name: {
        label: 'Nombre',
        description: 'Un nombre que le indique dónde está esta llave de acceso, como “Laptop del trabajo”.',
        errors: {
          required: 'Ingrese un nombre para la llave de acceso.',
          tooBig: 'El nombre de una llave de acceso tiene como máximo {{max}} caracteres.',
        },
      },
    },
    errors: {
      addCancelled: 'Se canceló la creación de la llave de acceso.',
      alreadyOnDevice: 'Este dispositivo ya tiene una llave de acceso para su cuenta.',
      wrongAddress:
        'Las llaves de acceso no funcionan en esta dirección del portal. Abra el portal en su dirección habitual e inténtelo de nuevo.',
      failed: 'Su navegador no pudo usar una llave de acceso. Inténtelo de nuevo o use otra forma.',
    },
  },
  contact: {
    title: 'Correo electrónico y teléfono celular',
    loading: 'Cargando sus datos de contacto…',
    retry: 'Intentar de nuevo',
    cancel: 'Cancelar',
    emailTitle: 'Dirección de correo electrónico',
    emailPending:
      'Enviamos un enlace a {{email}}. Ábralo dentro de una hora para que esa sea su dirección de correo electrónico; mientras tanto, le escribimos a la dirección de arriba.',
    changeEmail: 'Cambiar la dirección de correo electrónico',
    emailSubmit: 'Enviar el enlace de confirmación',
    emailSubmitting: 'Enviando…',
    phoneTitle: 'Teléfono celular',
    noPhone: 'Todavía no hay un número de celular.',
    addPhone: 'Agregar un número de celular',
    changePhone: 'Cambiar el número de celular',
    removePhone: 'Eliminar el número de celular',
    removingPhone: 'Eliminando…',
    codesTitle: 'Códigos de inicio de sesión por correo electrónico o mensaje de texto',
    codesLead:
      'Además de sus otras formas de confirmar que es usted, podemos enviarle un código de 6 dígitos cuando inicie sesión.',
    emailCodesOn: 'Códigos por correo electrónico: activados.',
    emailCodesOff: 'Códigos por correo electrónico: desactivados.',
    smsCodesOn: 'Códigos por mensaje de texto: activados.',
    smsCodesOff: 'Códigos por mensaje de texto: desactivados.',
    turnOnEmail: 'Enviarme códigos por correo electrónico',
    turnOffEmail: 'Dejar de enviar códigos por correo electrónico',
    turnOnSms: 'Enviarme códigos por mensaje de texto',
    turnOffSms: 'Dejar de enviar códigos por mensaje de texto',
    smsNeedsPhone: 'Para recibir códigos por mensaje de texto, primero agregue su número de celular.',
    risk: 'Una aplicación de autenticación o una llave de acceso es más segura que un código por correo electrónico o mensaje de texto: alguien puede entrar a un buzón de correo, y los mensajes de texto se pueden desviar a otra tarjeta SIM.',
    fields: {
      email: {
        label: 'Dirección de correo electrónico nueva',
        description:
          'Le enviaremos un enlace a esa dirección. Se convierte en su dirección cuando abra el enlace.',
        errors: { required: 'Ingrese su dirección de correo electrónico nueva.' },
      },
    },
    done: {
      emailSent:
        'Enviamos un enlace a {{email}}. Ábralo dentro de una hora para confirmar su dirección nueva.',
      phoneAdded: 'Se guardó su número de celular.',
      phoneRemoved: 'Se eliminó su número de celular.',
      emailCodesOn: 'Le enviaremos un código por correo electrónico cuando inicie sesión.',
      emailCodesOff: 'Ya no le enviaremos códigos de inicio de sesión por correo electrónico.',
      smsCodesOn: 'Le enviaremos un código por mensaje de texto cuando inicie sesión.',
      smsCodesOff: 'Ya no le enviaremos códigos de inicio de sesión por mensaje de texto.',
    },
  },
  codeFactor: {
    enrolLead:
      'Podemos enviarle un código de 6 dígitos cada vez que inicie sesión, por mensaje de texto o por correo electrónico.',
    chooseSms: 'Enviarme códigos por mensaje de texto',
    chooseEmail: 'Enviarme códigos por correo electrónico',
    switchToSms: 'Usar mensajes de texto',
    switchToEmail: 'Usar correo electrónico',
    risk: 'Una aplicación de autenticación o una llave de acceso es más segura: alguien puede entrar a un buzón de correo, y los mensajes de texto se pueden desviar a otra tarjeta SIM.',
    smsLead:
      'Ingrese su número de celular. Le enviaremos un código por mensaje de texto para confirmar que es suyo.',
    emailLead:
      'Enviaremos un código a la dirección de correo electrónico de su cuenta para confirmar que le llega.',
    sendText: 'Enviarme un código por mensaje de texto',
    sendEmail: 'Enviarme un código por correo electrónico',
    sending: 'Enviando…',
    sendAgain: 'Enviar un código nuevo',
    sent: 'Enviamos un código a {{destination}}. Funciona durante 10 minutos.',
    sentAgain: 'Enviamos un código nuevo a {{destination}}. Solo funciona el código más reciente.',
    checking: 'Verificando…',
    confirmPhone: 'Confirmar mi número',
    otherNumber: 'Usar otro número',
    turnOnEmail: 'Activar los códigos por correo electrónico',
    fields: {
      phone: {
        label: 'Número de celular',
        description:
          'Un número de EE. UU., como (201) 555-0123, o + y el código del país si es de otro país.',
        errors: { required: 'Ingrese su número de celular.' },
      },
      code: {
        label: 'Código de 6 dígitos',
        description: 'Solo funciona el código más reciente que enviamos.',
        errors: {
          required: 'Ingrese el código que le enviamos.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
    },
  },
  verifyEmail: {
    title: 'Confirme su dirección de correo electrónico nueva',
    lead: 'Confirme que esta es la dirección que quiere que usemos para su cuenta.',
    confirm: 'Confirmar mi dirección de correo electrónico nueva',
    confirming: 'Confirmando…',
    done: 'Su dirección de correo electrónico ahora es {{email}}.',
    oldTold: 'Le avisamos del cambio a su dirección anterior.',
    toSecurity: 'Volver a su configuración de seguridad',
    signIn: 'Iniciar sesión',
    noToken:
      'A este enlace le falta su código. Vuelva a abrir el enlace del correo electrónico o pida uno nuevo en su configuración de seguridad.',
    linkInvalid: 'Este enlace venció o ya se usó. Pida uno nuevo en su configuración de seguridad.',
  },
  register: {
    title: 'Inscríbase para tener acceso en línea',
    lead: 'Demuestre que es parte de un contrato con datos de los documentos de su contrato. Luego le enviaremos por correo electrónico un enlace para elegir su Id. de usuario y su contraseña.',
    submit: 'Continuar',
    submitting: 'Verificando…',
    partyKind: {
      label: '¿A nombre de quién está el contrato?',
      person: 'A mi nombre (una persona)',
      business: 'A nombre de una empresa',
    },
    fields: {
      contractNumber: {
        label: 'Número de contrato',
        description: 'Tal como aparece en su contrato, por ejemplo RIC-1001-2025.',
        errors: { required: 'Ingrese el número de contrato.' },
      },
      ssnLast4: {
        label: 'Últimos 4 dígitos de su número de Seguro Social',
        errors: {
          required: 'Ingrese los últimos 4 dígitos de su número de Seguro Social.',
          format: 'Ingrese exactamente 4 dígitos, como 1234.',
        },
      },
      einLast4: {
        label: 'Últimos 4 dígitos del EIN de la empresa',
        errors: {
          required:
            'Ingrese los últimos 4 dígitos del número de identificación patronal (EIN) de la empresa.',
          format: 'Ingrese exactamente 4 dígitos, como 1234.',
        },
      },
      zip: {
        label: 'Código postal',
        description: 'De la dirección que figura en el contrato.',
        errors: {
          required: 'Ingrese el código postal.',
          format: 'Ingrese un código postal de 5 dígitos, como 19103.',
        },
      },
      dateOfBirth: {
        label: 'Fecha de nacimiento',
        description: 'MM/DD/AAAA, por ejemplo 04/02/1980.',
        errors: {
          required: 'Ingrese su fecha de nacimiento.',
          format: 'Ingrese su fecha de nacimiento como MM/DD/AAAA, por ejemplo 04/02/1980.',
          custom: 'Ingrese una fecha real como MM/DD/AAAA, por ejemplo 04/02/1980.',
        },
      },
      email: {
        label: 'Dirección de correo electrónico',
        description: 'Enviamos el enlace aquí. Será la dirección de correo electrónico de su usuario.',
        errors: { required: 'Ingrese su dirección de correo electrónico.' },
      },
    },
    sent: {
      title: 'Revise su correo electrónico',
      body: 'Si los datos coinciden con un contrato, enviamos un enlace a {{email}}. Ábralo dentro de 1 hora para elegir su Id. de usuario y su contraseña.',
      help: '¿No llegó nada después de unos minutos? Revise su carpeta de correo no deseado. Si todavía no hay nada, compare los datos con los documentos de su contrato e inténtelo de nuevo.',
      again: 'Intentar de nuevo',
    },
    help: {
      label: 'Otras opciones',
      signIn: '¿Ya se inscribió? Inicie sesión',
      forgotUserId: '¿Olvidó su Id. de usuario?',
    },
    complete: {
      title: 'Elija su Id. de usuario y su contraseña',
      checking: 'Verificando su enlace…',
      greeting:
        'Hola, {{name}}. Se confirmó su dirección de correo electrónico {{email}}. Ahora elija cómo iniciará sesión.',
      invalidLink: 'Este enlace venció o ya se usó. Vuelva a empezar para obtener uno nuevo.',
      startAgain: 'Volver a empezar',
      submit: 'Crear mi usuario',
      submitting: 'Creando su usuario…',
      fields: {
        userId: {
          label: 'Id. de usuario',
          description: 'De 6 a 64 letras, dígitos y . _ - @. Lo usará para iniciar sesión.',
          errors: { required: 'Elija un Id. de usuario.' },
        },
        password: {
          label: 'Contraseña',
          description:
            'Al menos 12 caracteres. Se aceptan cualquier carácter y espacios: unas cuantas palabras sin relación entre sí son fáciles de recordar y difíciles de adivinar.',
          errors: { required: 'Elija una contraseña.' },
        },
      },
    },
  },
  setUpFactor: {
    title: 'Configure una segunda forma de iniciar sesión',
    lead: 'Por su seguridad, para iniciar sesión se necesita su contraseña y un paso más. Elija cómo quiere hacerlo; puede agregar otras formas más tarde en su configuración de seguridad.',
    optionalLead:
      'Su usuario está listo. Le recomendamos una segunda forma de iniciar sesión, para que una contraseña robada no baste para entrar. También puede hacerlo más tarde en su configuración de seguridad.',
    choose: 'Elija una forma',
    other: 'Elegir otra forma',
    skip: 'Omitir por ahora e ir a su cuenta',
    app: {
      title: 'Aplicación de autenticación',
      body: 'Una aplicación en su teléfono (Google Authenticator, Microsoft Authenticator, 1Password…) muestra un código nuevo de 6 dígitos cada 30 segundos.',
      choose: 'Usar una aplicación de autenticación',
    },
    passkey: {
      title: 'Llave de acceso',
      body: 'Inicie sesión con su huella digital, su rostro o el bloqueo de pantalla de este dispositivo o de su teléfono. No tiene que escribir nada.',
      choose: 'Usar una llave de acceso',
    },
    codes: {
      title: 'Códigos por correo electrónico o mensaje de texto',
      body: 'Le enviamos un código de 6 dígitos cada vez que inicia sesión.',
      choose: 'Usar códigos por correo electrónico o mensaje de texto',
    },
  },
  totpSetup: {
    starting: 'Preparando la configuración…',
    retry: 'Intentar de nuevo',
    scanTitle: '1. Agregue Autofin a su aplicación de autenticación',
    scanLead: 'En la aplicación, elija agregar una cuenta y luego escanee este código QR.',
    qrAlt: 'Código QR que agrega Autofin a una aplicación de autenticación',
    keyLead:
      '¿No lo puede escanear? En la aplicación, elija ingresar una clave de configuración y escriba esta clave:',
    confirmTitle: '2. Ingrese el código que muestra la aplicación',
    submit: 'Confirmar',
    submitting: 'Verificando…',
    fields: {
      code: {
        label: 'Código de 6 dígitos',
        description: 'El código cambia cada 30 segundos. Ingrese el que muestra la aplicación ahora.',
        errors: {
          required: 'Ingrese el código de 6 dígitos de su aplicación de autenticación.',
          format: 'El código debe tener exactamente 6 dígitos, como 123456.',
        },
      },
    },
    codesTitle: 'Guarde sus códigos de recuperación',
    codesLead:
      'Si pierde su teléfono, cada uno de estos códigos le permite iniciar sesión una vez en lugar de usar un código de la aplicación. Guárdelos en un lugar seguro, como un administrador de contraseñas. Esta es la única vez que los mostramos.',
    fileHeading: 'Códigos de recuperación de Autofin. Cada uno funciona una sola vez.',
    copy: 'Copiar los códigos',
    copied: 'Se copiaron los códigos.',
    failed: 'No se pudieron copiar los códigos. Selecciónelos y cópielos, o descárguelos.',
    download: 'Descargar como archivo de texto',
    saved: 'Ya guardé mis códigos de recuperación',
  },
  passwordStrength: {
    label: 'Seguridad de la contraseña',
    hint: 'Use al menos 12 caracteres. Evite su nombre, su Id. de usuario y las contraseñas comunes.',
    accepted: 'Puede usar esta contraseña.',
    levels: {
      refused: 'No es lo bastante segura',
      good: 'Buena',
      strong: 'Muy segura',
    },
  },
};
