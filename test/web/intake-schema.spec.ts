import * as v from 'valibot';
import { appealBody, intakeFieldOf, intakeSchema } from '../../apps/web/src/screens/intake-schema';

/** The intake form's schema and the body it sends, without a browser. */
describe('the intake form', () => {
  const filled = {
    appealType: 'detention',
    urgency: '',
    fullName: '  Рахимов Фаррух ',
    nationality: 'tj',
    description: 'Задержан у метро',
    channel: 'hotline',
    phone: '',
    language: 'tg',
  };

  it('names every problem at once, each on its field, as message keys', () => {
    const result = v.safeParse(intakeSchema, {
      ...filled,
      appealType: null,
      fullName: ' ',
      nationality: 'T',
      description: '',
    });
    const problems = Object.fromEntries((result.issues ?? []).map((i) => [v.getDotPath(i), i.message]));
    expect(problems).toEqual({
      appealType: 'error.required',
      fullName: 'error.required',
      nationality: 'error.country',
      description: 'error.required',
    });
  });

  it('asks a returning person (clientId) for neither name nor nationality', () => {
    const result = v.safeParse(intakeSchema, { ...filled, clientId: 'c1', fullName: '', nationality: '' });
    expect(result.success).toBe(true);
  });

  it('sends the person trimmed, the country upper-cased, blanks left out, and when it was entered', () => {
    const entered = new Date('2026-12-02T00:30:00Z');
    const body = appealBody(v.parse(intakeSchema, filled), entered);
    expect(body).toEqual({
      appealType: 'detention',
      channel: 'hotline',
      receivedAt: '2026-12-02T00:30:00.000Z',
      client: { fullName: 'Рахимов Фаррух', nationality: 'TJ', language: 'tg' },
      incident: { description: 'Задержан у метро' },
    });
    expect(
      JSON.parse(JSON.stringify(appealBody(v.parse(intakeSchema, { ...filled, clientId: 'c1' }), entered))),
    ).toEqual(expect.objectContaining({ clientId: 'c1' }));
  });

  it('puts the API’s field paths on the form’s fields', () => {
    expect(intakeFieldOf('client.fullName')).toBe('fullName');
    expect(intakeFieldOf('incident.region')).toBe('region');
    expect(intakeFieldOf('appealType')).toBe('appealType');
  });
});
