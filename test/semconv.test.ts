import { toLokiName, ATTR_ML_MODEL_NAME } from '@mlotel/sdk';

describe('toLokiName()', () => {
  it.each([
    [ATTR_ML_MODEL_NAME, 'ml_model_name'],
    ['service.name', 'service_name'],
    ['a-b/c', 'a_b_c'],
  ])('turns %s into %s', (key, name) => expect(toLokiName(key)).toBe(name));
});
