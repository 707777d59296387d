use leptos::prelude::*;
use leptos_meta::Title;

use kit::page::ErrorView;
use kit::page_data;
use kit::i18n::t;
use crate::publication::current_publication;
use crate::publication::views::SocietyBanner;
use kit::rights::RequestType;

#[component]
pub fn HomePage() -> impl IntoView {
    let m = t();
    let current = page_data::load(|| (), |_| current_publication());
    view! {
        <Title text=""/>
        <h1>{m.home_title}</h1>
        <p class="lead">{m.home_lead}</p>
        <crate::publication::drafts::NewsBanner/>
        {Suspend::new(async move {
            match current.await {
                Err(e) => view! { <ErrorView error=e/> }.into_any(),
                Ok(None) => view! { <p>{m.no_publication}</p> }.into_any(),
                Ok(Some(v)) => {
                    let p = v.publication;
                    view! {
                        <SocietyBanner society=p.society.clone()/>
                        <section class="card" aria-labelledby="home-publication">
                            <h2 id="home-publication">{m.home_publication_heading}</h2>
                            <p>{m.home_publication_body}</p>
                            <p><a class="button" href="/privacy">{m.home_publication_link}</a></p>
                            <p>{m.home_history_body}</p>
                            <p><a href="/privacy/history">{m.home_history_link}</a></p>
                        </section>
                        <section class="card" aria-labelledby="home-categories">
                            <h2 id="home-categories">{m.home_categories_heading}</h2>
                            <p>{m.home_categories_body}</p>
                            <dl class="category-summary" lang="ja">
                                {p.categories.iter().map(|c| view! {
                                    <div data-category-id=c.id.clone()>
                                        <dt class="category-name">{c.name.clone()}</dt>
                                        <dd>
                                            <ul class="purposes inline-list">
                                                {c.purposes.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                                            </ul>
                                        </dd>
                                    </div>
                                }).collect_view()}
                            </dl>
                        </section>
                        <section class="card" aria-labelledby="home-rights">
                            <h2 id="home-rights">{m.home_rights_heading}</h2>
                            <p>{m.home_rights_body}</p>
                            <ul class="rights">
                                {RequestType::ALL.map(|rt| view! { <li>{rt.name(m)}</li> }).collect_view()}
                            </ul>
                        </section>
                        <section class="card" aria-labelledby="home-contact">
                            <h2 id="home-contact">{m.home_contact_heading}</h2>
                            <p lang="ja">{p.complaint_desk.name.clone()}</p>
                            <p>{m.phone}": "<span lang="ja">{p.complaint_desk.phone.clone()}</span></p>
                            <p>{m.hours}": "<span lang="ja">{p.complaint_desk.hours.clone()}</span></p>
                        </section>
                    }.into_any()
                }
            }
        })}
    }
}
