import { parseFeedbackRequest, parsePredictRequest } from '../src/validation';

const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };

describe('parsePredictRequest()', () => {
  it('accepts named features', () => {
    expect(parsePredictRequest({ features: setosa })).toEqual({ ok: true, value: setosa });
  });

  it('accepts an array of four numbers in feature order', () => {
    expect(parsePredictRequest({ features: [5.1, 3.5, 1.4, 0.2] })).toEqual({ ok: true, value: setosa });
  });

  it.each([
    ['null', null, /JSON object with "features"/],
    ['a bare feature object', setosa, /JSON object with "features"/],
    ['an array body', [5.1, 3.5, 1.4, 0.2], /JSON object with "features"/],
    ['three numbers', { features: [5.1, 3.5, 1.4] }, /4 numbers.*got 3/],
    ['a string feature', { features: { ...setosa, sepal_length: 'wide' } }, /sepal_length must be a finite number, got the string "wide"/],
    ['a missing feature', { features: { ...setosa, petal_width: undefined } }, /petal_width must be a finite number, got nothing/],
    ['a negative measurement', { features: { ...setosa, sepal_width: -3.5 } }, /sepal_width must be between 0 and 100/],
    ['a huge measurement', { features: [5.1, 3.5, 1.4, 1e9] }, /petal_width must be between 0 and 100/],
    ['NaN in an array', { features: [5.1, NaN, 1.4, 0.2] }, /sepal_width must be a finite number/],
    ['features as a string', { features: '5.1,3.5,1.4,0.2' }, /object or an array/],
  ])('refuses %s with a reason', (_name, body, reason) => {
    const parsed = parsePredictRequest(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('parseFeedbackRequest()', () => {
  it('accepts a prediction id and a known class', () => {
    expect(parseFeedbackRequest({ id: 'p-1', actual: 'virginica' })).toEqual({ ok: true, value: { predictionId: 'p-1', actual: 'virginica' } });
  });

  it.each([
    ['no id', { actual: 'setosa' }, /id must be the prediction id/],
    ['an empty id', { id: '', actual: 'setosa' }, /id must be/],
    ['an unknown class', { id: 'p-1', actual: 'rose' }, /actual must be one of setosa, versicolor, virginica, got the string "rose"/],
    ['a numeric class', { id: 'p-1', actual: 2 }, /actual must be one of/],
    ['a non-object', 'p-1', /JSON object/],
  ])('refuses %s', (_name, body, reason) => {
    const parsed = parseFeedbackRequest(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
