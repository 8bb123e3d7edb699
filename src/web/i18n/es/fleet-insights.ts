import type { fleetInsights as english } from '../en/fleet-insights.ts';

/** Spanish texts: el análisis de una flota (gráficos, cada uno con su tabla) y sus informes (CSV y XLSX). */
export const fleetInsights: typeof english = {
  fleetInsights: {
    nav: { analytics: 'Análisis', reports: 'Informes' },
    parts: {
      principal: 'Capital',
      interest: 'Intereses',
      fees: 'Cargos',
      leasePayments: 'Pagos de arrendamiento',
      taxes: 'Impuestos',
      unapplied: 'Retenido para después',
      total: 'Total',
    },
    lease: { vehicle: 'Vehículo', driver: 'Conductor', maturity: 'Vence' },
    analytics: {
      title: '{{name}}: análisis',
      titleLoading: 'Análisis',
      loading: 'Cargando el análisis…',
      lead: 'Cada cifra sale del libro contable y de los calendarios de pago de los contratos, al último día hábil. Cada gráfico tiene sus cifras en la tabla que le sigue.',
    },
    spend: {
      title: 'Gasto por mes',
      loading: 'Cargando el gasto por mes…',
      empty: 'Los contratos de la flota no recibieron pagos en los últimos 24 meses.',
      lead: 'Lo que pagaron los pagos de la flota cada mes, según a dónde fue el dinero. Un pago devuelto se descuenta en el mes en que se devolvió.',
      chart:
        'Gráfico de barras apiladas del gasto de cada mes de {{from}} a {{to}}, {{total}} en total. La tabla siguiente tiene todas las cifras.',
      caption: 'Gasto por mes, de {{from}} a {{to}}',
      month: 'Mes',
      all_one: 'El {{count}} mes',
      all_other: 'Los {{count}} meses',
    },
    costCenters: {
      title: 'Gasto por centro de costos',
      loading: 'Cargando el gasto por centro de costos…',
      empty: 'Los contratos de la flota no recibieron pagos en los últimos 24 meses.',
      chart:
        'Gráfico de barras del gasto por centro de costos de {{from}} a {{to}}, el mayor primero: {{largest}}, {{amount}}. La tabla siguiente tiene todas las cifras.',
      caption: 'Gasto por centro de costos, de {{from}} a {{to}}, el mayor primero',
      name: 'Centro de costos',
      none: 'Sin centro de costos',
      others_one: '{{count}} centro de costos más',
      others_other: '{{count}} centros de costos más',
      all: 'Todos los centros de costos',
    },
    vehicles: {
      title: 'Gasto por vehículo',
      loading: 'Cargando el gasto por vehículo…',
      empty: 'Los contratos de la flota no recibieron pagos en los últimos 24 meses.',
      chart:
        'Gráfico de barras del gasto por vehículo de {{from}} a {{to}}, el mayor primero: {{largest}}, {{amount}}. La tabla siguiente tiene todas las cifras.',
      caption: 'Gasto por vehículo, de {{from}} a {{to}}, el mayor primero',
      name: 'Vehículo',
      others_one: '{{count}} vehículo más',
      others_other: '{{count}} vehículos más',
      all: 'Todos los vehículos',
    },
    obligations: {
      title: 'Lo que vence en los próximos 90 días',
      loading: 'Cargando lo que vence…',
      empty: 'Nada vence en los próximos 90 días y nada está vencido.',
      due: 'Vence del {{from}} al {{through}}',
      pastDue: 'Vencido antes del {{date}}',
      count_one: '{{count}} cuota',
      count_other: '{{count}} cuotas',
      chart:
        'Gráfico de barras apiladas de las cuotas que vencen cada semana del {{from}} al {{through}}, préstamos y arrendamientos, {{total}} en total. La tabla siguiente tiene todas las cifras.',
      caption: 'Cuotas que vencen cada semana, del {{from}} al {{through}}',
      week: 'Semana',
      installments: 'Cuotas',
      loanCents: 'Préstamos',
      leaseCents: 'Arrendamientos',
      amountCents: 'Importe a pagar',
      all: 'Los 90 días',
    },
    maturing: {
      title: 'Arrendamientos que vencen en los próximos 6 meses',
      loading: 'Cargando los arrendamientos que vencen…',
      empty: 'Ningún arrendamiento vence en los próximos 6 meses.',
      count_one: '{{count}} arrendamiento vence a más tardar el {{through}}.',
      count_other: '{{count}} arrendamientos vencen a más tardar el {{through}}.',
      chart_one:
        'Gráfico de barras de los arrendamientos que vencen cada mes hasta el {{through}}: {{count}} arrendamiento. Las tablas siguientes tienen todas las cifras.',
      chart_other:
        'Gráfico de barras de los arrendamientos que vencen cada mes hasta el {{through}}: {{count}} arrendamientos. Las tablas siguientes tienen todas las cifras.',
      byMonthCaption: 'Arrendamientos que vencen cada mes hasta el {{through}}',
      caption: 'Los arrendamientos que vencen a más tardar el {{through}}, el más próximo primero',
      month: 'Mes',
      leases: 'Arrendamientos',
      daysToMaturity: 'Días restantes',
      residualValue: 'Valor residual',
      purchaseOptionPrice: 'Precio de la opción de compra',
      payoff: 'Saldo de liquidación hoy',
      excessMiles: 'Millas de más previstas',
    },
    mileage: {
      title: 'Por encima de las millas permitidas',
      loading: 'Cargando los arrendamientos con millas de más…',
      empty: 'No se prevé que ningún arrendamiento termine por encima de sus millas permitidas.',
      vehicles: 'Arrendamientos previstos por encima',
      allowance: 'Millas permitidas al año',
      odometer: 'Última lectura del odómetro',
      excessMiles: 'Millas de más previstas',
      charge: 'Cargo previsto',
      chart_one:
        'Gráfico de barras del cargo previsto por millas de más de {{count}} arrendamiento, {{total}} en total. La tabla siguiente tiene todas las cifras.',
      chart_other:
        'Gráfico de barras del cargo previsto por millas de más de cada uno de {{count}} arrendamientos, {{total}} en total. La tabla siguiente tiene todas las cifras.',
      caption:
        'Arrendamientos que se prevé terminen por encima de sus millas permitidas al ritmo actual, al {{asOf}}, el mayor cargo primero',
    },
    ownership: {
      title: 'Costo de propiedad hasta hoy',
      loading: 'Cargando el costo de propiedad…',
      empty: 'La flota aún no tiene vehículos.',
      paid_one: 'Pagado hasta hoy por {{count}} vehículo',
      paid_other: 'Pagado hasta hoy por los {{count}} vehículos',
      chart:
        'Gráfico de barras apiladas de lo que ha pagado hasta hoy cada vehículo de esta página, el mayor primero: {{largest}}, {{amount}}. La tabla siguiente tiene todas las cifras.',
      caption:
        'Lo que ha pagado hasta hoy el contrato de cada vehículo, el mayor primero (página {{page}} de {{pages}})',
      vehicle: 'Vehículo',
      since: '{{kind}} desde el {{date}}',
      all_one: 'El {{count}} vehículo',
      all_other: 'Los {{count}} vehículos',
      pages: 'Páginas del costo de propiedad',
    },
    reports: {
      title: '{{name}}: informes',
      titleLoading: 'Informes',
      loading: 'Cargando los informes…',
      lead: 'Cada informe es un archivo CSV (para cualquier hoja de cálculo) o un libro de Excel (XLSX), con las cifras al {{date}}. Los importes están en dólares estadounidenses.',
      download: { csv: 'Descargar {{report}} (CSV)', xlsx: 'Descargar {{report}} (XLSX)' },
      portfolio: {
        title: 'Cartera',
        description:
          'Cada contrato y vehículo con sus condiciones, saldos, estado, conductor y centro de costos.',
        name: 'la cartera',
      },
      payments: {
        title: 'Pagos',
        description:
          'Los pagos recibidos entre dos fechas, con a dónde fue cada dólar, si se devolvieron y quién pagó.',
        name: 'los pagos',
        from: 'Desde',
        to: 'Hasta',
        date: 'Escriba una fecha.',
        range:
          'La fecha final debe ser igual o posterior a la inicial, y a lo sumo cinco años después de ella.',
      },
      interest: {
        title: 'Intereses pagados en un año fiscal',
        description:
          'Los intereses pagados en un año por cada préstamo de la flota, para los impuestos de la empresa.',
        name: 'los intereses de {{year}}',
        year: 'Año fiscal',
        soFar: '{{year}} (hasta hoy)',
      },
      drivers: {
        title: 'Vehículos y conductores',
        description: 'Cada vehículo con su conductor actual y desde cuándo.',
        name: 'los vehículos y conductores',
      },
    },
  },
};
