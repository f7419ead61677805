// Open a page in Debian's chromium through puppeteer-core (the copy DAISY Ace installed in
// .tools/ace), wait for the element the page writes its result into, print that text.
// usage: node run-page.cjs PUPPETEER_CORE_DIR CHROMIUM URL SELECTOR
const [puppeteerDir, chromium, url, selector] = process.argv.slice(2)
const puppeteer = require(puppeteerDir)

;(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  try {
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForSelector(selector, { timeout: 150000 })
    process.stdout.write(await page.$eval(selector, el => el.textContent))
  } finally {
    await browser.close()
  }
})().catch(error => {
  console.error(String(error))
  process.exit(1)
})
