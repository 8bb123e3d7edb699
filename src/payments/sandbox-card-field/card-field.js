// The sandbox gateway's hosted card field. The card number and security code go from here to the
// gateway's token route only; the portal page that frames this field receives the token, brand and
// last four by postMessage, addressed to this page's own origin (the portal's), never to "*".
const FIELDS = ['holderName', 'cardNumber', 'expiry', 'cvv'];
const form = document.getElementById('card-form');
const status = document.getElementById('status');
const button = form.querySelector('button');

function showErrors(fields) {
  let first = null;
  for (const name of FIELDS) {
    const input = document.getElementById(name);
    const error = document.getElementById(`${name}-error`);
    const message = fields[name];
    error.textContent = message ?? '';
    error.hidden = !message;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    } else {
      input.removeAttribute('aria-invalid');
    }
  }
  first?.focus();
}

async function tokenize(event) {
  event.preventDefault();
  status.textContent = '';
  button.disabled = true;
  const body = Object.fromEntries(FIELDS.map((name) => [name, document.getElementById(name).value]));
  try {
    const response = await fetch('/sandbox-gateway/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
    const answer = await response.json();
    if (response.status !== 201) {
      showErrors(answer.error?.fields ?? {});
      status.textContent = answer.error?.message ?? 'The card could not be checked. Try again.';
      return;
    }
    showErrors({});
    document.getElementById('cardNumber').value = '';
    document.getElementById('cvv').value = '';
    status.textContent = `${answer.brand} card ending ${answer.last4} is ready.`;
    const message = {
      type: 'autofin-card-token',
      token: answer.token,
      brand: answer.brand,
      last4: answer.last4,
    };
    if (window.parent !== window) window.parent.postMessage(message, window.location.origin);
  } catch {
    status.textContent = 'The card could not be checked. Try again.';
  } finally {
    button.disabled = false;
  }
}

form.addEventListener('submit', tokenize);
