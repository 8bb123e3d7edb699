import type { fleetDocuments as english } from '../en/fleet-documents.ts';

/** Spanish texts: los estados de cuenta combinados de una empresa y su envío, y el registro de una empresa. */
export const fleetDocuments: typeof english = {
  fleetDocuments: {
    statementsLink: 'Estados de cuenta',
    statements: {
      title: '{{name}}: estados de cuenta',
      titleLoading: 'Estados de cuenta',
      loading: 'Cargando los estados de cuenta…',
      lead: 'Cada mes, en su último día hábil, un estado de cuenta reúne todos los contratos de la empresa con el monto a pagar, lo vencido y la fecha de vencimiento de cada uno, con el total y un solo cupón de pago. El estado de cuenta propio de cada contrato sigue llegando también.',
      caption: 'Los estados de cuenta combinados de la empresa, del más reciente al más antiguo',
      none: 'Todavía no hay estados de cuenta combinados. El primero se hace el último día hábil del mes y aparece aquí.',
      name: 'estado de cuenta combinado de {{month}}',
      viewLabel: 'Ver el {{name}}',
      columns: {
        period: 'Mes',
        pdf: 'Estado de cuenta (PDF)',
        closingDate: 'Fecha del estado de cuenta',
        totalDue: 'Total a pagar',
        pastDue: 'De ello, vencido',
        contracts: 'Contratos',
        delivery: 'Envío',
      },
      delivery: {
        electronic: 'Por aviso de correo electrónico a los administradores de flota',
        printed: 'Por correo postal, impreso el',
        toPrint: 'Por correo postal, en la próxima impresión',
      },
      pdfNote:
        'Los estados de cuenta son archivos PDF: Abrir lo muestra en su navegador, Descargar lo guarda. Todos los estados de cuenta combinados de la empresa quedan aquí.',
    },
    statement: {
      title: 'Estado de cuenta combinado de {{month}}',
      titleLoading: 'Estado de cuenta combinado',
      loading: 'Cargando el estado de cuenta…',
      firstDueDate: 'Primer pago vence',
      accountReference: 'Referencia de cuenta para los pagos',
      caption_one: 'El contrato de este estado de cuenta ({{count}})',
      caption_other: 'Los contratos de este estado de cuenta ({{count}})',
      vin: 'VIN …{{vin}}',
      columns: {
        contract: 'Contrato',
        pastDue: 'Vencido',
        amountDue: 'Monto a pagar',
        dueDate: 'Fecha de vencimiento',
      },
      all: 'Todos los estados de cuenta',
    },
    paperless: {
      title: 'Cómo llegan los estados de cuenta',
      status: {
        on: 'Sin papel está activado: cada administrador de flota recibe un correo electrónico cuando un estado de cuenta está listo, y no se envía nada por correo postal.',
        off: 'Sin papel está desactivado: cada estado de cuenta se envía por correo postal a la dirección de la empresa que tenemos registrada.',
      },
      explanation:
        'La elección vale desde el próximo estado de cuenta; los que ya se hicieron quedan como se enviaron. Quienes ven las finanzas de la empresa pueden leer aquí todos los estados de cuenta en cualquier caso.',
      forBusiness:
        'Usted elige esto para la empresa como su administrador de flota; su elección queda registrada con su nombre. No cambia cómo llegan los estados de cuenta propios de los contratos.',
      askAdmin: 'Un administrador de flota de la empresa elige cómo llegan los estados de cuenta.',
      turnedOn:
        'Sin papel está activado. Desde el próximo estado de cuenta, los administradores de flota reciben un correo electrónico en lugar de papel.',
      turnedOff:
        'Sin papel está desactivado. Desde el próximo estado de cuenta, los estados de cuenta vuelven a enviarse por correo postal.',
      on: {
        trigger: 'Pasar a sin papel',
        title: '¿Enviar electrónicamente los estados de cuenta de la empresa?',
        body: 'Desde el próximo estado de cuenta, no se envía ninguno en papel: cada administrador de flota recibe un correo electrónico cuando está listo y lo lee aquí.',
        confirm: 'Sí, pasar a sin papel',
        keep: 'Seguir con papel',
      },
      off: {
        trigger: 'Volver al papel',
        title: '¿Enviar de nuevo por correo postal los estados de cuenta de la empresa?',
        body: 'Desde el próximo estado de cuenta, cada uno se envía por correo postal a la dirección de la empresa que tenemos registrada, y los administradores de flota no reciben correo electrónico sobre él.',
        confirm: 'Sí, enviarlos por correo postal',
        keep: 'Seguir sin papel',
      },
    },
    businessRegistration: {
      title: 'Registrar una empresa',
      lead: 'Administre aquí la flota de una empresa: demuestre que la empresa es parte de uno de sus contratos con datos de los documentos del contrato. Luego enviamos un código de 6 dígitos al correo electrónico de la empresa que tenemos registrado; con él usted pasa a ser administrador de flota de la empresa.',
      submit: 'Continuar',
      submitting: 'Comprobando…',
      fields: {
        code: {
          label: 'Código de 6 dígitos',
          description: 'Del correo electrónico que enviamos a la dirección registrada de la empresa.',
          errors: { required: 'Escriba el código de 6 dígitos del correo electrónico.' },
        },
      },
      sent: {
        title: 'Revise el correo electrónico de la empresa',
        body: 'Si los datos coinciden con un contrato de empresa, hemos enviado un código de 6 dígitos al correo electrónico de la empresa que tenemos registrado. Escríbalo abajo dentro de 10 minutos.',
        help: '¿No llega nada en unos minutos? Pregunte a quien lee el correo electrónico de la empresa y revise la carpeta de correo no deseado. Si sigue sin llegar, compare los datos con los documentos del contrato y empiece de nuevo.',
        again: 'Empezar de nuevo',
      },
      signedInLead:
        'La empresa se agrega al usuario con el que inició sesión, y usted pasa a ser su administrador de flota.',
      newLoginLead:
        'Elija un usuario para actuar por la empresa. Su correo electrónico es la dirección registrada de la empresa, adonde fue el código; puede cambiarlo más adelante en su perfil.',
      complete: 'Registrar la empresa',
      completeNewLogin: 'Crear mi usuario y registrar',
      completing: 'Registrando…',
      alreadyAdmin: 'Usted ya es administrador de flota de esta empresa.',
      haveLogin: '¿Ya tiene un usuario? Inicie sesión y luego registre la empresa con él.',
      signIn: 'Iniciar sesión para registrar con su usuario',
      help: {
        label: 'Otras opciones',
        consumer: '¿Un contrato a su propio nombre? Regístrese para el acceso en línea',
        help: 'Ayuda',
      },
      link: '¿Actúa por una empresa? Registre su flota',
    },
  },
};
